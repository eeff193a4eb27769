package io.tributary.sql.bounded;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.queries.ProjectedColumn;
import io.tributary.sql.queries.QueryPlan;
import io.tributary.sql.queries.StatefulPlan;
import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.metastore.DataSource;
import java.util.LinkedHashMap;
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
        if (plan.stateful().isPresent()) {
            return aggregate(plan, limit, interruption);
        }
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

    /**
     * GROUP BY over a bounded input: each row the WHERE clause keeps is folded into its group's accumulators (the
     * aggregate functions persistent queries use), then HAVING and the projection run once per group. A group's
     * ROWTIME is its latest row's, as the aggregate's last update carries it. Over a table, its current rows are
     * aggregated. Joins and windows are not answered by bounded queries yet.
     */
    private BoundedResult aggregate(QueryPlan plan, Optional<Integer> limit, Interruption interruption) {
        StatefulPlan steps = plan.stateful().get();
        if (!steps.joins().isEmpty() || steps.windowed() || steps.keyMode() == StatefulPlan.KeyMode.PARTITION_BY
                || steps.sources().size() != 1) {
            throw new IllegalArgumentException("Joins, windows and PARTITION BY are not supported in bounded"
                    + " queries yet.");
        }
        DataSource source = steps.sources().get(0).source();
        RowCodec codec = RowCodec.of(source);
        String timestampColumn = source.timestampColumn().orElse(null);
        Map<List<Object>, Object[]> groups = new LinkedHashMap<>();
        AtomicLong processed = new AtomicLong();
        java.util.function.Consumer<SourceRecord> fold = record -> {
            processed.incrementAndGet();
            Map<String, Object> row = readRow(source, codec, timestampColumn, record);
            if (row == null || (steps.where().isPresent()
                    && !Boolean.TRUE.equals(evaluateQuietly(steps.where().get(), row)))) {
                return;
            }
            try {
                List<Object> group = new ArrayList<>();
                for (TypedExpression e : steps.keyExpressions()) {
                    Object value = e.evaluator().evaluate(row);
                    if (value == null) {
                        return;
                    }
                    group.add(e.type() == null ? value : SqlValues.coerce(value, e.type()));
                }
                Object[] acc = groups.get(group);
                if (acc == null) {
                    acc = new Object[steps.aggregates().size() + 1];
                    for (int i = 0; i < steps.aggregates().size(); i++) {
                        acc[i] = steps.aggregates().get(i).function().init();
                    }
                    acc[acc.length - 1] = Long.MIN_VALUE;
                    if (groups.size() >= maxRows) {
                        throw new TooManyRows(maxRows);
                    }
                    groups.put(group, acc);
                }
                for (int i = 0; i < steps.aggregates().size(); i++) {
                    StatefulPlan.AggregateCall call = steps.aggregates().get(i);
                    List<Object> args = new ArrayList<>();
                    for (TypedExpression arg : call.arguments()) {
                        Object value = arg.evaluator().evaluate(row);
                        args.add(value == null || arg.type() == null ? value : SqlValues.coerce(value, arg.type()));
                    }
                    acc[i] = call.function().add(acc[i], args);
                }
                acc[acc.length - 1] = Math.max((Long) acc[acc.length - 1], (Long) row.get("ROWTIME"));
            } catch (TooManyRows e) {
                throw e;
            } catch (RuntimeException e) {
                log.debug("Bounded query over {} skipped a row it could not aggregate: {}", source.name(),
                        e.toString());
            }
        };
        if (source.type() == SourceType.TABLE) {
            for (SourceRecord record : topics.latestByKey(source.topic(), interruption).values()) {
                interruption.check();
                fold.accept(record);
            }
        } else {
            topics.scan(source.topic(), interruption, record -> {
                if (record.value() != null) {
                    fold.accept(record);
                }
                return true;
            });
        }
        int max = limit.orElse(Integer.MAX_VALUE);
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<List<Object>, Object[]> group : groups.entrySet()) {
            if (rows.size() >= max) {
                break;
            }
            Map<String, Object> row = new HashMap<>();
            for (int i = 0; i < group.getKey().size(); i++) {
                row.put("KSQL_GRP_" + i, group.getKey().get(i));
            }
            Object[] acc = group.getValue();
            for (int i = 0; i < steps.aggregates().size(); i++) {
                row.put("KSQL_AGG_" + i, steps.aggregates().get(i).function().result(acc[i]));
            }
            row.put("ROWTIME", acc[acc.length - 1]);
            if (steps.having().isPresent() && !Boolean.TRUE.equals(evaluateQuietly(steps.having().get(), row))) {
                continue;
            }
            List<Object> out = new ArrayList<>(plan.projection().size());
            for (ProjectedColumn column : plan.projection()) {
                Object value = column.expression().evaluator().evaluate(row);
                out.add(value == null ? null : SqlValues.coerce(value, column.column().type()));
            }
            rows.add(out);
        }
        return new BoundedResult(plan.resultColumns(), rows, processed.get());
    }

    private static Object evaluateQuietly(TypedExpression expression, Map<String, Object> row) {
        try {
            return expression.evaluator().evaluate(row);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A source record as a row: its columns, ROWTIME, ROWPARTITION and ROWOFFSET; null when it cannot be read. */
    private static Map<String, Object> readRow(DataSource source, RowCodec codec, String timestampColumn,
            SourceRecord record) {
        try {
            Map<String, Object> row = new HashMap<>(codec.read(record.key(), record.value()));
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
            return row;
        } catch (RuntimeException e) {
            log.debug("Bounded query over {} skipped record {}-{}: {}", source.name(), record.partition(),
                    record.offset(), e.toString());
            return null;
        }
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
