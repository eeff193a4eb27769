package io.tributary.sql.bounded;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.queries.ProjectedColumn;
import io.tributary.sql.queries.QueryPlan;
import io.tributary.sql.queries.StatefulPlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
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
 * slot in between: a GROUP BY folds the filtered rows into a map keyed by the group key before projecting, and
 * joins ({@link BoundedJoins}) meet each row with the right inputs read first.
 */
public final class BoundedQueryEngine {

    private static final Logger log = LoggerFactory.getLogger(BoundedQueryEngine.class);

    /** The answer would hold more rows than the server keeps in memory for one query. */
    public static final class TooManyRows extends RuntimeException {
        TooManyRows(int maxRows) {
            this("The result has more than " + maxRows + " rows, the most one bounded query may answer; narrow it"
                    + " with WHERE or LIMIT.");
        }

        private TooManyRows(String message) {
            super(message);
        }

        static TooManyRows joinInput(String topic, int maxRecords) {
            return new TooManyRows("The stream's topic " + topic + " holds more than " + maxRecords + " records, the"
                    + " most a bounded query holds in memory for one side of a join (ksql.bounded-query.max-rows).");
        }

        static TooManyRows tableState(String topic, int maxKeys) {
            return new TooManyRows("The table's topic " + topic + " holds more than " + maxKeys + " live keys, the"
                    + " most a bounded query reads into memory (ksql.bounded-query.max-rows).");
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
        }, maxRows);
    }

    /** Runs {@code plan} over its source; {@code limit} rows at most. */
    public BoundedResult run(QueryPlan plan, Optional<Integer> limit, Interruption interruption) {
        if (plan.stateful().isPresent()) {
            return stateful(plan, limit, interruption);
        }
        RowCodec codec = RowCodec.of(plan.source());
        int max = limit.orElse(Integer.MAX_VALUE);
        List<List<Object>> rows = new ArrayList<>();
        AtomicLong processed = new AtomicLong();
        if (max > 0 && plan.source().type() == SourceType.TABLE) {
            for (SourceRecord record : topics.latestByKey(plan.source().topic(), interruption).values()) {
                interruption.check();
                processed.incrementAndGet();
                evaluate(plan, codec, record).ifPresent(rows::add);
                if (rows.size() >= max) {
                    break;
                }
                checkSize(rows);
            }
        } else if (max > 0) {
            topics.scan(plan.source().topic(), interruption, record -> {
                processed.incrementAndGet();
                if (record.value() != null) {
                    evaluate(plan, codec, record).ifPresent(rows::add);
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

    /** Runs a stateless {@code plan} over a table's rows given as records (a state store's, say). */
    public BoundedResult runOverTable(QueryPlan plan, Iterable<SourceRecord> records, Optional<Integer> limit,
            Interruption interruption) {
        RowCodec codec = RowCodec.of(plan.source());
        int max = limit.orElse(Integer.MAX_VALUE);
        List<List<Object>> rows = new ArrayList<>();
        long processed = 0;
        for (SourceRecord record : records) {
            if (max <= 0) {
                break;
            }
            interruption.check();
            processed++;
            evaluate(plan, codec, record).ifPresent(rows::add);
            if (rows.size() >= max) {
                break;
            }
            checkSize(rows);
        }
        return new BoundedResult(plan.resultColumns(), rows, processed);
    }

    /**
     * Joins and GROUP BY over a bounded input. Joins ({@link BoundedJoins}): inner, left, right and full where
     * ksqlDB allows them, stream-stream within their WITHIN window, stream-table and table-table (primary or
     * foreign key) against the tables' current rows. Then WHERE; then, with GROUP BY, each row is folded into its
     * group's accumulators (the aggregate functions persistent queries use), HAVING and the projection running
     * once per group. A group's ROWTIME is its latest row's, as the aggregate's last update carries it. Over a
     * table, its current rows are aggregated. Windowed aggregations and PARTITION BY are refused.
     */
    private BoundedResult stateful(QueryPlan plan, Optional<Integer> limit, Interruption interruption) {
        StatefulPlan steps = plan.stateful().get();
        if (steps.windowed() || steps.keyMode() == StatefulPlan.KeyMode.PARTITION_BY) {
            throw new IllegalArgumentException("Windowed aggregations and PARTITION BY are not supported in bounded"
                    + " queries.");
        }
        StatefulPlan.Input first = steps.sources().get(0);
        boolean grouped = steps.keyMode() == StatefulPlan.KeyMode.GROUP_BY;
        int max = limit.orElse(Integer.MAX_VALUE);
        List<List<Object>> rows = new ArrayList<>();
        Map<List<Object>, Object[]> groups = new LinkedHashMap<>();
        AtomicLong processed = new AtomicLong();
        RowCodec firstCodec = RowCodec.of(first.source());
        Predicate<Map<String, Object>> sink = row -> {
            if (steps.where().isPresent() && !Boolean.TRUE.equals(evaluateQuietly(steps.where().get(), row))) {
                return true;
            }
            if (grouped) {
                fold(steps, groups, row, first.source());
                return true;
            }
            try {
                rows.add(projectRow(plan, row));
            } catch (RuntimeException e) {
                log.debug("Bounded query over {} skipped a row: {}", first.source().name(), e.toString());
                return true;
            }
            checkSize(rows);
            return rows.size() < max;
        };
        BoundedJoins joins = new BoundedJoins(steps, topics, interruption, maxRows, sink);
        boolean[] stopped = {max <= 0};
        Predicate<SourceRecord> visit = record -> {
            processed.incrementAndGet();
            Map<String, Object> row = readRow(first, firstCodec, record, true);
            if (row == null || joins.accept(row)) {
                return true;
            }
            stopped[0] = true;
            return false;
        };
        if (stopped[0]) {
            // LIMIT 0
        } else if (first.source().type() == SourceType.TABLE) {
            for (SourceRecord record : topics.latestByKey(first.source().topic(), interruption).values()) {
                interruption.check();
                if (!visit.test(record)) {
                    break;
                }
            }
        } else {
            topics.scan(first.source().topic(), interruption, record -> record.value() == null || visit.test(record));
        }
        if (!stopped[0]) {
            interruption.check();
            joins.finish();
        }
        if (!grouped) {
            return new BoundedResult(plan.resultColumns(), rows, processed.get());
        }
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
            rows.add(projectRow(plan, row));
        }
        return new BoundedResult(plan.resultColumns(), rows, processed.get());
    }

    private void fold(StatefulPlan steps, Map<List<Object>, Object[]> groups, Map<String, Object> row,
            DataSource source) {
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
            Object rowtime = row.get("ROWTIME");
            if (rowtime instanceof Long time) {
                acc[acc.length - 1] = Math.max((Long) acc[acc.length - 1], time);
            }
        } catch (TooManyRows e) {
            throw e;
        } catch (RuntimeException e) {
            log.debug("Bounded query over {} skipped a row it could not aggregate: {}", source.name(), e.toString());
        }
    }

    /** The value two joined rows meet on, in the join key's type (so INT and BIGINT sides meet alike). */
    static Object joinValue(TypedExpression key, StatefulPlan.JoinStep join, Map<String, Object> row) {
        Object value = evaluateQuietly(key, row);
        return value == null || join.keyType() == null ? value : SqlValues.coerce(value, join.keyType());
    }

    private static List<Object> projectRow(QueryPlan plan, Map<String, Object> row) {
        List<Object> out = new ArrayList<>(plan.projection().size());
        for (ProjectedColumn column : plan.projection()) {
            Object value = column.expression().evaluator().evaluate(row);
            out.add(value == null ? null : SqlValues.coerce(value, column.column().type()));
        }
        return out;
    }

    private static Object evaluateQuietly(TypedExpression expression, Map<String, Object> row) {
        try {
            return expression.evaluator().evaluate(row);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A record of a query input as a row: its columns (named {@code <prefix><COLUMN>} when the query joins),
     * ROWTIME, ROWPARTITION and ROWOFFSET, the first input's also unprefixed; null when it cannot be read.
     */
    static Map<String, Object> readRow(StatefulPlan.Input input, RowCodec codec, SourceRecord record,
            boolean first) {
        DataSource source = input.source();
        try {
            Map<String, Object> raw = codec.readRecord(record.key(),
                    io.tributary.sql.format.WindowedKey.split(record.key(), source.window()), record.value(),
                    record.headers());
            raw.put("ROWTIME", source.rowTime(raw, record.timestamp()));
            raw.put("ROWPARTITION", record.partition());
            raw.put("ROWOFFSET", record.offset());
            if (input.prefix().isEmpty()) {
                return raw;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            raw.forEach((k, v) -> row.put(input.prefix() + k, v));
            if (first) {
                row.put("ROWTIME", raw.get("ROWTIME"));
                row.put("ROWPARTITION", raw.get("ROWPARTITION"));
                row.put("ROWOFFSET", raw.get("ROWOFFSET"));
            }
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

    private static Optional<List<Object>> evaluate(QueryPlan plan, RowCodec codec, SourceRecord record) {
        try {
            Map<String, Object> row = codec.readRecord(record.key(),
                    io.tributary.sql.format.WindowedKey.split(record.key(), plan.source().window()), record.value(),
                    record.headers());
            row.put("ROWTIME", plan.source().rowTime(row, record.timestamp()));
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
