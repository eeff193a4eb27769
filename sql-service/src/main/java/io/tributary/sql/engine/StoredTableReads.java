package io.tributary.sql.engine;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.bounded.BoundedQueryEngine;
import io.tributary.sql.bounded.Interruption;
import io.tributary.sql.bounded.SourceRecord;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.format.WindowedKey;
import io.tributary.sql.metastore.WindowInfo;
import io.tributary.sql.queries.MaterializedRows;
import io.tributary.sql.queries.PersistentQuery;
import io.tributary.sql.queries.QueryPlan;
import io.tributary.sql.queries.QueryRegistry;
import io.tributary.sql.queries.StatefulPlan;
import io.tributary.sql.queries.TableStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlySessionStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull queries over a table written by a persistent query, answered from that query's {@link TableStore}: the
 * partitions whose tasks run here are read from the local store; the others are asked of the instances running them
 * (Kafka Streams' metadata: for the key when the WHERE clause names one key, for the whole store otherwise), which
 * read only their own store. A lookup of one key goes to its partition alone; when that finds nothing (the query's
 * input may have been keyed other than by these bytes) every partition is asked, as for several keys.
 *
 * <p>Empty answers mean "read the topic instead": no running query of this instance keeps the table in a store (a
 * query that ran before such stores existed keeps its old topology), the app is rebalancing, a partition has no
 * instance that gives an address, an instance holding a partition cannot be reached. A request forwarded from
 * another instance never falls back: it fails, and the instance that forwarded it reads the topic.
 */
final class StoredTableReads {

    private static final Logger log = LoggerFactory.getLogger(StoredTableReads.class);

    /** What a request forwarded by another instance asks of this one: the partitions to read (none: all it runs). */
    record Forwarded(Set<Integer> partitions) {

        static Optional<Forwarded> of(Map<String, Object> requestProperties) {
            Object skip = requestProperties.get(PullQueryPeers.SKIP_FORWARDING);
            if (skip == null || !Boolean.parseBoolean(String.valueOf(skip))) {
                return Optional.empty();
            }
            Set<Integer> partitions = new TreeSet<>();
            Object listed = requestProperties.get(PullQueryPeers.PARTITIONS);
            if (listed != null) {
                for (String p : String.valueOf(listed).split(",")) {
                    if (!p.isBlank()) {
                        partitions.add(Integer.parseInt(p.trim()));
                    }
                }
            }
            return Optional.of(new Forwarded(partitions));
        }
    }

    private final QueryRegistry queries;
    private final BoundedQueryEngine engine;
    private final PullQueryPeers peers;
    private final KafkaTopics topics;
    /** Partition counts of the stores' input topics, which do not change while their query runs. */
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();

    StoredTableReads(QueryRegistry queries, BoundedQueryEngine engine, PullQueryPeers peers, KafkaTopics topics) {
        this.queries = queries;
        this.engine = engine;
        this.peers = peers;
        this.topics = topics;
    }

    /**
     * The rows (REST values) of {@code plan} over {@code table}'s stored state, or empty when the topic must be
     * read instead. {@code sql} and {@code streamsProperties} are what other instances are asked.
     */
    Optional<List<List<Object>>> rows(QueryPlan plan, DataSource table, Optional<Expression> where,
            Optional<Integer> limit, Interruption interruption, String sql, Map<String, Object> streamsProperties,
            Optional<Forwarded> forwarded) {
        Optional<PersistentQuery> writer = queries.writing(table.name());
        if (forwarded.isPresent()) {
            PersistentQuery query = writer.orElseThrow(() -> notHere(table));
            Set<Integer> partitions = forwarded.get().partitions().isEmpty()
                    ? local(query) : forwarded.get().partitions();
            try {
                return Optional.of(readLocal(query, table, plan, partitions, keys(where, table), limit,
                        interruption));
            } catch (StreamsException e) {
                throw notHere(table);
            }
        }
        if (writer.isEmpty() || writer.get().streams().state() != KafkaStreams.State.RUNNING) {
            log.debug("Pull query over {} reads its topic: {}", table.name(), writer.isEmpty()
                    ? "no query of this instance writes it" : "its query is " + writer.get().streams().state());
            return Optional.empty();
        }
        try {
            Optional<List<byte[]>> keys = keys(where, table);
            if (keys.isPresent() && keys.get().size() == 1) {
                List<List<Object>> found = ask(writer.get(), table, plan, byKey(writer.get(), keys.get()), keys,
                        limit, interruption, sql, streamsProperties);
                if (!found.isEmpty()) {
                    return Optional.of(found);
                }
            }
            // several keys are looked up in every partition: a table keyed by other bytes than its sink key's
            // (a source written with another partitioner) would otherwise answer some of them only
            return Optional.of(ask(writer.get(), table, plan, byHost(writer.get()), keys, limit, interruption,
                    sql, streamsProperties));
        } catch (PullQueryPeers.Unavailable | StreamsException | IllegalStateException | KsqlStatementException e) {
            log.debug("Pull query over {} reads its topic: the stores cannot answer now ({})", table.name(),
                    e.toString());
            return Optional.empty();
        }
    }

    private List<List<Object>> ask(PersistentQuery query, DataSource table, QueryPlan plan,
            Map<String, Set<Integer>> partitionsByHost, Optional<List<byte[]>> keys, Optional<Integer> limit,
            Interruption interruption, String sql, Map<String, Object> streamsProperties) {
        String self = queries.applicationServer().orElseThrow(() -> new IllegalStateException("no address"));
        List<List<Object>> rows = new ArrayList<>();
        Set<Integer> here = partitionsByHost.remove(self);
        if (here != null) {
            rows.addAll(readLocal(query, table, plan, here, keys, limit, interruption));
        }
        for (Map.Entry<String, Set<Integer>> host : partitionsByHost.entrySet()) {
            if (limit.isPresent() && rows.size() >= limit.get()) {
                break;
            }
            interruption.check();
            rows.addAll(peers.pull(host.getKey(), sql, streamsProperties, host.getValue()));
        }
        log.debug("Pull query over {} answered from the stores: partitions {} here, {} asked of other instances",
                table.name(), here, partitionsByHost);
        return limit.isPresent() && rows.size() > limit.get() ? rows.subList(0, limit.get()) : rows;
    }

    /** The partitions holding {@code keys}, by the instance running each. */
    private static Map<String, Set<Integer>> byKey(PersistentQuery query, List<byte[]> keys) {
        Map<String, Set<Integer>> hosts = new LinkedHashMap<>();
        for (byte[] key : keys) {
            KeyQueryMetadata metadata = query.streams().queryMetadataForKey(store(query), key,
                    TableStore.partitioner());
            hosts.computeIfAbsent(address(metadata.activeHost()), h -> new TreeSet<>()).add(metadata.partition());
        }
        return hosts;
    }

    /**
     * Every partition of the store, by the instance running it; an instance that gives no address (one that runs
     * an older version, say) is not listed, so partitions nobody is listed for make the topic be read instead.
     */
    private Map<String, Set<Integer>> byHost(PersistentQuery query) {
        Predicate<TopicPartition> input = storeInput(query);
        Map<String, Set<Integer>> hosts = new LinkedHashMap<>();
        Set<Integer> covered = new TreeSet<>();
        String inputTopic = null;
        for (StreamsMetadata metadata : query.streams().streamsMetadataForStore(store(query))) {
            Set<Integer> partitions = new TreeSet<>();
            for (TopicPartition tp : metadata.topicPartitions()) {
                if (input.test(tp)) {
                    partitions.add(tp.partition());
                    inputTopic = tp.topic();
                }
            }
            if (!partitions.isEmpty()) {
                hosts.computeIfAbsent(address(metadata.hostInfo()), h -> new TreeSet<>()).addAll(partitions);
                covered.addAll(partitions);
            }
        }
        if (inputTopic == null) {
            throw new IllegalStateException("no instance holds the store");
        }
        String topic = inputTopic;
        int count = partitionCounts.computeIfAbsent(topic, t -> topics.describe(t)
                .map(d -> d.partitions().size()).orElse(-1));
        if (covered.size() != count) {
            partitionCounts.remove(topic);
            throw new IllegalStateException("the instances listed hold " + covered + " of the " + count
                    + " partitions of " + topic);
        }
        return hosts;
    }

    private static String address(HostInfo host) {
        if (host == null || host.equals(HostInfo.unavailable())) {
            throw new IllegalStateException("an instance holding the store has no known address");
        }
        return host.host() + ":" + host.port();
    }

    /** The store pull queries over the query's table read. */
    private static String store(PersistentQuery query) {
        return TableStore.inAggregateStore(query.plan()) ? StatefulPlan.AGGREGATE_STORE : TableStore.NAME;
    }

    /** The partitions of the store whose tasks run on this instance. */
    private static Set<Integer> local(PersistentQuery query) {
        Predicate<TopicPartition> input = storeInput(query);
        Set<Integer> partitions = new TreeSet<>();
        query.streams().metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task ->
                task.topicPartitions().stream().filter(input)
                        .forEach(tp -> partitions.add(tp.partition()))));
        return partitions;
    }

    /**
     * Whether a partition the app was given is one of the store's: the sub-topology writing the store reads it
     * (internal topics are described without the application id the app prefixes them with).
     */
    private static Predicate<TopicPartition> storeInput(PersistentQuery query) {
        Set<String> topics = new LinkedHashSet<>();
        for (TopologyDescription.Subtopology sub : query.topology().describe().subtopologies()) {
            if (sub.nodes().stream().anyMatch(n -> n instanceof TopologyDescription.Processor p
                    && p.stores().contains(store(query)))) {
                sub.nodes().stream().filter(n -> n instanceof TopologyDescription.Source)
                        .forEach(n -> topics.addAll(((TopologyDescription.Source) n).topicSet()));
            }
        }
        return tp -> topics.contains(tp.topic()) || tp.topic().startsWith(query.applicationId() + "-")
                && topics.contains(tp.topic().substring(query.applicationId().length() + 1));
    }

    private List<List<Object>> readLocal(PersistentQuery query, DataSource table, QueryPlan plan,
            Set<Integer> partitions, Optional<List<byte[]>> keys, Optional<Integer> limit, Interruption interruption) {
        List<KeyValueIterator<?, ?>> open = new ArrayList<>();
        try {
            // one partition's store opened at a time, its records read as the query consumes them
            Iterator<SourceRecord> records = partitions.stream()
                    .flatMap(p -> TableStore.inAggregateStore(query.plan())
                            ? windowedRecords(query, table, p, keys, open) : records(query, table, p, keys, open))
                    .iterator();
            List<List<Object>> rows = new ArrayList<>();
            for (List<Object> row : engine.runOverTable(plan, () -> records, limit, interruption).rows()) {
                rows.add(row.stream().map(SqlValues::toRest).toList());
            }
            return rows;
        } finally {
            open.forEach(KeyValueIterator::close);
        }
    }

    private static Stream<SourceRecord> records(PersistentQuery query, DataSource table, int partition,
            Optional<List<byte[]>> keys, List<KeyValueIterator<?, ?>> open) {
        ReadOnlyKeyValueStore<Bytes, ValueAndTimestamp<byte[]>> store = query.streams().store(
                StoreQueryParameters.fromNameAndType(TableStore.NAME,
                        QueryableStoreTypes.<Bytes, byte[]>timestampedKeyValueStore()).withPartition(partition));
        if (keys.isEmpty()) {
            return stream(store.all(), open).map(kv -> record(kv.key.get(), kv.value, partition));
        }
        if (table.windowed()) {
            return keys.get().stream().flatMap(key -> stream(store.prefixScan(Bytes.wrap(key),
                    Serdes.Bytes().serializer()), open).map(kv -> record(kv.key.get(), kv.value, partition)));
        }
        List<SourceRecord> found = new ArrayList<>();
        for (byte[] key : keys.get()) {
            ValueAndTimestamp<byte[]> value = store.get(Bytes.wrap(key));
            if (value != null) {
                found.add(record(key, value, partition));
            }
        }
        return found.stream();
    }

    /**
     * The rows of a windowed aggregation's own store: each window's accumulator turned into the row its query
     * writes to the sink (HAVING applied), in the sink's bytes, so the pull query reads it as it would the topic.
     */
    private static Stream<SourceRecord> windowedRecords(PersistentQuery query, DataSource table, int partition,
            Optional<List<byte[]>> keys, List<KeyValueIterator<?, ?>> open) {
        RowCodec codec = RowCodec.of(table);
        WindowInfo window = table.window().orElseThrow();
        Stream<WindowedAccumulator> windows;
        if (window.session()) {
            ReadOnlySessionStore<byte[], List<Object>> store = query.streams().store(
                    StoreQueryParameters.fromNameAndType(StatefulPlan.AGGREGATE_STORE,
                            QueryableStoreTypes.<byte[], List<Object>>sessionStore()).withPartition(partition));
            Stream<KeyValueIterator<Windowed<byte[]>, List<Object>>> sessions = keys.isPresent()
                    ? keys.get().stream().map(store::fetch)
                    : Stream.of(store.findSessions(null, null, 0L, Long.MAX_VALUE));
            windows = sessions.flatMap(it -> stream(it, open)).map(kv -> new WindowedAccumulator(
                    kv.key.window().start(), kv.key.window().end(), kv.value, kv.key.window().end()));
        } else {
            long size = window.size().map(java.time.Duration::toMillis).orElse(0L);
            ReadOnlyWindowStore<byte[], ValueAndTimestamp<List<Object>>> store = query.streams().store(
                    StoreQueryParameters.fromNameAndType(StatefulPlan.AGGREGATE_STORE,
                            QueryableStoreTypes.<byte[], List<Object>>timestampedWindowStore())
                            .withPartition(partition));
            Stream<KeyValueIterator<Windowed<byte[]>, ValueAndTimestamp<List<Object>>>> found = keys.isPresent()
                    ? keys.get().stream().map(k -> store.fetch(k, k, Instant.EPOCH,
                            Instant.ofEpochMilli(Long.MAX_VALUE)))
                    : Stream.of(store.all());
            windows = found.flatMap(it -> stream(it, open)).map(kv -> new WindowedAccumulator(
                    kv.key.window().start(), kv.key.window().start() + size, kv.value.value(),
                    kv.value.timestamp()));
        }
        return windows.flatMap(w -> MaterializedRows.row(query.plan(), w.accumulator(), w.start(), w.end(),
                w.rowTime()).stream().map(row -> new SourceRecord(WindowedKey.write(codec.writeKey(row), w.start(),
                w.end(), window.session()), codec.writeValue(row), w.rowTime(), partition, -1)));
    }

    private record WindowedAccumulator(long start, long end, List<Object> accumulator, long rowTime) {
    }

    private static <K, V> Stream<KeyValue<K, V>> stream(KeyValueIterator<K, V> it, List<KeyValueIterator<?, ?>> open) {
        open.add(it);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, 0), false);
    }

    private static SourceRecord record(byte[] key, ValueAndTimestamp<byte[]> value, int partition) {
        return new SourceRecord(key, value.value(), value.timestamp(), partition, -1);
    }


    /**
     * The keys' bytes when the WHERE clause pins every key column to literals ({@code K = 'a'}, {@code K IN (1, 2)})
     * beside anything else ANDed to it; empty when it does not (a scan).
     */
    static Optional<List<byte[]>> keys(Optional<Expression> where, DataSource table) {
        if (where.isEmpty() || table.keyColumns().isEmpty()) {
            return Optional.empty();
        }
        List<Expression> conjuncts = new ArrayList<>();
        conjuncts(where.get(), conjuncts);
        Map<String, List<Object>> values = new HashMap<>();
        for (Expression conjunct : conjuncts) {
            if (conjunct instanceof Expression.Comparison c && c.op() == Expression.ComparisonOp.EQUAL) {
                keyValues(c.left(), List.of(c.right()), table, values);
                keyValues(c.right(), List.of(c.left()), table, values);
            } else if (conjunct instanceof Expression.InList in && !in.negated()) {
                keyValues(in.value(), in.candidates(), table, values);
            }
        }
        if (values.size() < table.keyColumns().size()) {
            return Optional.empty();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(new HashMap<>());
        for (Column key : table.keyColumns()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                for (Object value : values.get(key.name())) {
                    Map<String, Object> extended = new HashMap<>(row);
                    extended.put(key.name(), value);
                    next.add(extended);
                }
            }
            rows = next;
        }
        RowCodec codec = RowCodec.of(table);
        try {
            return Optional.of(rows.stream().map(codec::writeKey).toList());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void conjuncts(Expression e, List<Expression> into) {
        if (e instanceof Expression.Logical l && l.op() == Expression.LogicalOp.AND) {
            conjuncts(l.left(), into);
            conjuncts(l.right(), into);
        } else {
            into.add(e);
        }
    }

    /** Records the literal values a key column is compared to; a key compared twice keeps the first. */
    private static void keyValues(Expression column, List<Expression> literals, DataSource table,
            Map<String, List<Object>> values) {
        if (!(column instanceof Expression.ColumnRef ref) || values.containsKey(ref.name())) {
            return;
        }
        Optional<Column> key = table.column(ref.name()).filter(Column::isKey);
        if (key.isEmpty()) {
            return;
        }
        List<Object> found = new ArrayList<>();
        for (Expression literal : literals) {
            Object value = literal instanceof Expression.StringLiteral t ? t.value()
                    : literal instanceof Expression.IntegerLiteral i ? i.value()
                    : literal instanceof Expression.LongLiteral l ? l.value()
                    : literal instanceof Expression.DoubleLiteral d ? d.value()
                    : literal instanceof Expression.DecimalLiteral d ? d.value()
                    : literal instanceof Expression.BooleanLiteral b ? b.value() : null;
            if (value == null) {
                return;
            }
            try {
                found.add(SqlValues.coerce(value, key.get().type()));
            } catch (RuntimeException e) {
                return;
            }
        }
        values.put(ref.name(), found);
    }

    private static KsqlStatementException notHere(DataSource table) {
        return new KsqlStatementException(KsqlStatementException.SERVER_ERROR, "The state of " + table.name()
                + " asked for is not held by this instance now; ask another.");
    }
}
