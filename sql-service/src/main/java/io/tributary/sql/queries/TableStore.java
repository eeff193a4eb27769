package io.tributary.sql.queries;

import io.tributary.sql.metastore.DataSource;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The state a persistent query keeps of the table it writes, for pull queries: every record on its way to the
 * sink's topic is also put in {@link #NAME} (a tombstone deletes), keyed by the sink key's bytes (window bytes
 * included) with the value's bytes and the record's time. Written before the record is sent, the store is never
 * behind the topic; RocksDB with a changelog topic, so it survives restarts and moves with its task.
 *
 * <p>A key's state lives in the task of the partition the query's input was keyed to: the hash of the key
 * columns' bytes ({@link #partitioner()}), as the aggregation's repartition and the sink write it.
 */
public final class TableStore {

    /** The store's name in the query's Streams app; its changelog is {@code <applicationId>-<name>-changelog}. */
    public static final String NAME = "PullQuery-Materialize";

    private TableStore() {
    }

    /** The sink-bound results of a query writing a table, put in the store on their way; other sinks unchanged. */
    static KStream<byte[], byte[]> materialized(KStream<byte[], byte[]> results, DataSource sink) {
        if (sink.type() != io.tributary.sql.ast.SourceType.TABLE) {
            return results;
        }
        return results.process(new Writer(), Named.as("PullQuery-Materialize"));
    }

    /**
     * Whether pull queries read the query's own aggregate store ({@link StatefulPlan#AGGREGATE_STORE}, a window or
     * session store) rather than this one: a windowed aggregation emitting changes. Its store already holds every
     * window's current row, and drops windows past their retention as ksqlDB's pull queries do.
     */
    public static boolean inAggregateStore(QueryPlan plan) {
        return plan.stateful().filter(s -> s.keyMode() == StatefulPlan.KeyMode.GROUP_BY && s.window().isPresent()
                && s.emit().orElse(io.tributary.sql.ast.Statement.EmitType.CHANGES)
                        == io.tributary.sql.ast.Statement.EmitType.CHANGES).isPresent();
    }

    /**
     * Where a key's state is: the partition of its key columns' bytes (a windowed key's without its window), for
     * {@link org.apache.kafka.streams.KafkaStreams#queryMetadataForKey}.
     */
    public static StreamPartitioner<byte[], Void> partitioner() {
        return (topic, key, value, partitions) -> java.util.Optional.of(
                Set.of(Utils.toPositive(Utils.murmur2(key)) % partitions));
    }

    private static final class Writer implements ProcessorSupplier<byte[], byte[], byte[], byte[]> {

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(NAME),
                    Serdes.Bytes(), Serdes.ByteArray()).withCachingEnabled());
        }

        @Override
        public Processor<byte[], byte[], byte[], byte[]> get() {
            return new Processor<>() {
                private ProcessorContext<byte[], byte[]> context;
                private TimestampedKeyValueStore<Bytes, byte[]> store;

                @Override
                public void init(ProcessorContext<byte[], byte[]> context) {
                    this.context = context;
                    this.store = context.getStateStore(NAME);
                }

                @Override
                public void process(Record<byte[], byte[]> record) {
                    if (record.key() != null) {
                        Bytes key = Bytes.wrap(record.key());
                        if (record.value() == null) {
                            store.delete(key);
                        } else {
                            store.put(key, ValueAndTimestamp.make(record.value(), record.timestamp()));
                        }
                    }
                    context.forward(record);
                }
            };
        }
    }
}
