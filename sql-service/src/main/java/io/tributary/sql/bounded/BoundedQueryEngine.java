package io.tributary.sql.bounded;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.queries.ProjectedColumn;
import io.tributary.sql.queries.QueryPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a planned SELECT as a bounded query: over a stream, every record from the beginning of its topic up to the
 * end offsets taken when the query starts; over a table, its current state (the latest value per key of its
 * topic, tombstones removing keys). The answer is the same from any instance and survives restarts, because it
 * is read from the topic rather than from a local state store.
 *
 * <p>Rows flow source → {@link #evaluate} (pseudo-columns, WHERE, projection) → result. Aggregations and joins
 * slot in between: a GROUP BY folds the filtered rows into a map keyed by the group key before projecting, and a
 * stream-table join looks each stream row up in the table side's {@link TopicSnapshot#latestByKey} state.
 */
public final class BoundedQueryEngine {

    private static final Logger log = LoggerFactory.getLogger(BoundedQueryEngine.class);

    /** The answer would hold more rows than the server keeps in memory for one query. */
    public static final class TooManyRows extends RuntimeException {
        TooManyRows(int maxRows) {
            super("The result has more than " + maxRows + " rows, the most one bounded query may answer; narrow it"
                    + " with WHERE or LIMIT.");
        }
    }

    private final TopicSnapshot topics;
    private final int maxRows;

    /** @param maxRows the most rows one query may answer: a result is held in memory whole */
    public BoundedQueryEngine(String bootstrapServers, int maxRows) {
        this.maxRows = maxRows;
        this.topics = new TopicSnapshot(() -> {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-bounded-query");
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
            config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
            // the end is known before reading starts: a fetch never has to wait for records to arrive
            config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        });
    }

    /** Runs {@code plan} over its source; {@code limit} rows at most. */
    public BoundedResult run(QueryPlan plan, Optional<Integer> limit, Interruption interruption) {
        RowCodec codec = RowCodec.of(plan.source());
        String timestampColumn = plan.source().timestampColumn().orElse(null);
        int max = limit.orElse(Integer.MAX_VALUE);
        List<List<Object>> rows = new ArrayList<>();
        AtomicLong processed = new AtomicLong();
        if (max > 0 && plan.source().type() == SourceType.TABLE) {
            for (SourceRecord record : topics.latestByKey(plan.source().topic(), interruption).values()) {
                interruption.check();
                processed.incrementAndGet();
                evaluate(plan, codec, timestampColumn, record).ifPresent(rows::add);
                if (rows.size() >= max) {
                    break;
                }
                checkSize(rows);
            }
        } else if (max > 0) {
            topics.scan(plan.source().topic(), interruption, record -> {
                processed.incrementAndGet();
                if (record.value() != null) {
                    evaluate(plan, codec, timestampColumn, record).ifPresent(rows::add);
                }
                if (rows.size() >= max) {
                    return false;
                }
                checkSize(rows);
                return true;
            });
        }
        return new BoundedResult(plan.resultColumns(), rows, processed.get());
    }

    private void checkSize(List<List<Object>> rows) {
        if (rows.size() >= maxRows) {
            throw new TooManyRows(maxRows);
        }
    }

    /** A SELECT without FROM: the projection over one row without columns, if the WHERE clause keeps it. */
    public BoundedResult runWithoutSource(QueryPlan plan) {
        Map<String, Object> row = new HashMap<>();
        row.put("ROWTIME", System.currentTimeMillis());
        List<List<Object>> rows = new ArrayList<>();
        project(plan, row).ifPresent(rows::add);
        return new BoundedResult(plan.resultColumns(), rows, 0);
    }

    private static Optional<List<Object>> evaluate(QueryPlan plan, RowCodec codec, String timestampColumn,
            SourceRecord record) {
        try {
            byte[] key = record.key();
            long[] window = null;
            if (plan.source().windowed() && key != null) {
                // the key as the windowed aggregate writes it: time windows append the start, sessions end and start
                boolean session = plan.source().window().get().session();
                int length = session ? 16 : 8;
                java.nio.ByteBuffer suffix = java.nio.ByteBuffer.wrap(key, key.length - length, length);
                long end = session ? suffix.getLong() : 0;
                long start = suffix.getLong();
                window = new long[] {start, session ? end : start + plan.source().window().get().size()
                        .map(java.time.Duration::toMillis).orElse(0L)};
                key = java.util.Arrays.copyOf(key, key.length - length);
            }
            Map<String, Object> row = new HashMap<>(codec.read(key, record.value()));
            if (window != null) {
                row.put("WINDOWSTART", window[0]);
                row.put("WINDOWEND", window[1]);
            }
            long timestamp = record.timestamp();
            if (timestampColumn != null) {
                Object ts = row.get(timestampColumn);
                if (ts instanceof Instant instant) {
                    timestamp = instant.toEpochMilli();
                } else if (ts instanceof Number n) {
                    timestamp = n.longValue();
                }
            }
            row.put("ROWTIME", timestamp);
            row.put("ROWPARTITION", record.partition());
            row.put("ROWOFFSET", record.offset());
            return project(plan, row);
        } catch (RuntimeException e) {
            // as a persistent query does: a record that cannot be read or computed is skipped, not fatal
            log.debug("Bounded query over {} skipped record {}-{}: {}", plan.source().name(), record.partition(),
                    record.offset(), e.toString());
            return Optional.empty();
        }
    }

    private static Optional<List<Object>> project(QueryPlan plan, Map<String, Object> row) {
        if (plan.filter().isPresent() && !Boolean.TRUE.equals(plan.filter().get().evaluator().evaluate(row))) {
            return Optional.empty();
        }
        List<Object> out = new ArrayList<>(plan.projection().size());
        for (ProjectedColumn column : plan.projection()) {
            Object value = column.expression().evaluator().evaluate(row);
            out.add(value == null ? null : SqlValues.coerce(value, column.column().type()));
        }
        return Optional.of(out);
    }
}
