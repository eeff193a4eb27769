package io.tributary.sql.queries;

import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.metastore.Column;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Starts push queries ({@code SELECT ... EMIT CHANGES}) as transient Kafka Streams apps, named as ksqlDB names
 * them: query id {@code transient_<SOURCE>_<random>}, application id
 * {@code _confluent-ksql-<serviceId>transient_<queryId>_<epochMillis>}. Each app's consumer group is deleted when
 * its query closes.
 */
@Component
public class PushQueries implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PushQueries.class);
    private static final int BUFFER = 1_000;

    private final QueryRegistry registry;
    private final Admin admin;
    private final String serviceId;
    private final Map<String, PushQuery> running = new ConcurrentHashMap<>();
    private final int maxPushQueries;

    public PushQueries(QueryRegistry registry, Admin admin, @Value("${ksql.service-id:default_}") String serviceId,
            @Value("${ksql.max-push-queries:100}") int maxPushQueries) {
        this.registry = registry;
        this.admin = admin;
        this.serviceId = serviceId;
        this.maxPushQueries = maxPushQueries;
    }

    /** Thrown when {@code ksql.max-push-queries} push queries already run: each holds a thread of its own. */
    public static final class TooManyPushQueries extends RuntimeException {
        TooManyPushQueries() {
            super("Maximum number of push queries exceeded");
        }
    }

    public PushQuery start(QueryPlan plan, String sourceAlias, Map<String, Object> overrides) {
        return start(plan, plan.resultColumns(), sourceAlias, overrides, "");
    }

    /**
     * Starts a push query whose rows carry {@code columns} (the plan's result columns, in the order the client
     * sees them). Rows deleted from a stream's topic (null values) are not rows of the stream and are skipped.
     */
    public synchronized PushQuery start(QueryPlan plan, List<Column> resultColumns, String sourceAlias,
            Map<String, Object> overrides, String statementText) {
        if (running.size() >= maxPushQueries) {
            throw new TooManyPushQueries();
        }
        boolean fromStream = plan.source().type() == io.tributary.sql.ast.SourceType.STREAM;
        String id = "transient_" + sourceAlias + "_" + (ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        String applicationId = "_confluent-ksql-" + serviceId + "transient_" + id + "_" + System.currentTimeMillis();
        BlockingQueue<PushQuery.Row> rows = new ArrayBlockingQueue<>(BUFFER);
        AtomicBoolean closed = new AtomicBoolean();
        List<Column> columns = List.copyOf(resultColumns);
        ProjectFilterProcessor.Output output = new ProjectFilterProcessor.Output() {
            @Override
            public void row(ProcessorContext<byte[], byte[]> context, Record<byte[], byte[]> input,
                    Map<String, Object> row, long timestamp) {
                List<Object> values = new ArrayList<>(columns.size());
                for (Column column : columns) {
                    values.add(SqlValues.toRest(row.get(column.name())));
                }
                offer(new PushQuery.Row(values, false));
            }

            @Override
            public void tombstone(ProcessorContext<byte[], byte[]> context, Map<String, Object> key, long timestamp) {
                if (fromStream) {
                    return;
                }
                List<Object> values = new ArrayList<>(columns.size());
                for (Column column : columns) {
                    values.add(column.isKey() ? SqlValues.toRest(key.get(column.name())) : null);
                }
                offer(new PushQuery.Row(values, true));
            }

            // waits while the client is slow, but never past the query's end: a Streams thread blocked on a
            // full buffer would keep streams.close() from finishing
            private void offer(PushQuery.Row row) {
                try {
                    while (!closed.get() && !rows.offer(row, 100, TimeUnit.MILLISECONDS)) {
                        // the client has not taken a row for 100 ms; look again whether it is still there
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        org.apache.kafka.streams.Topology topology;
        if (plan.stateful().isPresent()) {
            topology = statefulTopology(id, plan, output);
        } else {
            StreamsBuilder builder = new StreamsBuilder();
            RowCodec sourceCodec = RowCodec.of(plan.source());
            builder.stream(plan.source().topic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                            .withName("KsqlTopic.Source"))
                    .process(() -> new ProjectFilterProcessor(id, plan, sourceCodec, output, true), Named.as("Project"));
            topology = builder.build();
        }
        Properties config = registry.streamsConfig(applicationId, overrides);
        config.put(StreamsConfig.STATE_DIR_CONFIG, config.getProperty(StreamsConfig.STATE_DIR_CONFIG) + "/transient");
        KafkaStreams streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(e -> {
            log.warn("Push query {} failed", id, e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        PushQuery query = new PushQuery(id, columns, streams, rows, statementText, plan.source().name(), () -> {
            closed.set(true);
            running.remove(id);
            rows.clear();
            streams.close(Duration.ofSeconds(10));
            streams.cleanUp();
            admin.deleteConsumerGroups(List.of(applicationId));
        });
        running.put(id, query);
        try {
            streams.start();
        } catch (RuntimeException e) {
            query.close();
            throw e;
        }
        return query;
    }

    /** The push query of that id, while it runs. */
    public java.util.Optional<PushQuery> find(String id) {
        return java.util.Optional.ofNullable(running.get(id));
    }

    /**
     * A push query with joins, GROUP BY, PARTITION BY or a window: the persistent query's topology, its results
     * handed to the client as rows (a delete is a tombstone row) instead of being written to a topic.
     */
    private static org.apache.kafka.streams.Topology statefulTopology(String id, QueryPlan plan,
            ProjectFilterProcessor.Output output) {
        // no topic: its key columns and JSON key format only key the query's groups in its internal topics and stores
        io.tributary.sql.metastore.DataSource keys = new io.tributary.sql.metastore.DataSource(id,
                plan.resultType(), plan.resultColumns(), id, new io.tributary.sql.metastore.Formats("JSON", "JSON",
                java.util.Optional.empty(), java.util.Optional.empty(), true), java.util.Optional.empty(),
                java.util.Optional.empty(), "", false);
        return StatefulTopology.build(id, plan, keys, result -> {
            if (result.delete()) {
                output.tombstone(null, result.columns(), result.timestamp());
            } else {
                output.row(null, null, result.columns(), result.timestamp());
            }
        });
    }

    /** The push queries streaming right now. */
    public List<PushQuery> running() {
        return List.copyOf(running.values());
    }

    @Override
    public void destroy() {
        running().forEach(PushQuery::close);
    }
}
