package io.tributary.sql.bounded;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.Statement.JoinType;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.queries.StatefulPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The joins of a bounded query. Each join's right input is read whole first, by join value: a table's current
 * rows (one per key), a stream's records up to its end offsets (all of them). Rows of the first input then pass
 * the joins in order, each left row meeting the right rows with its join value - a stream-stream join only those
 * whose ROWTIME lies in its WITHIN window around the left row's (before, after) - then go on to {@code sink}.
 * Left and full joins pass a left row that met nothing with the right side null; once the first input is read,
 * right and full joins pass the right rows no left row met, with the left side null, through the joins after
 * them. This is the final answer a persistent join would hold for the same records: a stream-stream join's grace
 * period does not drop late records, and a stream-table join looks rows up in the table's current state.
 */
final class BoundedJoins {

    /** A join's right input held in memory: its rows by join value, and those a left row met (right/full). */
    private static final class RightSide {
        final StatefulPlan.Input input;
        final Map<Object, List<Map<String, Object>>> byKey = new LinkedHashMap<>();
        final Set<Map<String, Object>> met = Collections.newSetFromMap(new IdentityHashMap<>());

        RightSide(StatefulPlan.Input input) {
            this.input = input;
        }
    }

    private final StatefulPlan steps;
    private final List<RightSide> sides = new ArrayList<>();
    private final Predicate<Map<String, Object>> sink;

    /**
     * Reads every join's right input.
     *
     * @param sink takes each joined row; false stops the query (its LIMIT is reached)
     * @param maxRows the most records of a stream a join holds in memory
     */
    BoundedJoins(StatefulPlan steps, TopicSnapshot topics, Interruption interruption, int maxRows,
            Predicate<Map<String, Object>> sink) {
        this.steps = steps;
        this.sink = sink;
        for (StatefulPlan.JoinStep join : steps.joins()) {
            StatefulPlan.Input input = steps.sources().get(join.index());
            RightSide side = new RightSide(input);
            RowCodec codec = RowCodec.of(input.source());
            if (input.source().type() == SourceType.TABLE) {
                for (SourceRecord record : topics.latestByKey(input.source().topic(), interruption).values()) {
                    add(side, join, BoundedQueryEngine.readRow(input, codec, record, false));
                }
            } else {
                int[] held = {0};
                topics.scan(input.source().topic(), interruption, record -> {
                    if (record.value() != null && add(side, join, BoundedQueryEngine.readRow(input, codec, record,
                            false)) && ++held[0] > maxRows) {
                        throw BoundedQueryEngine.TooManyRows.joinInput(input.source().topic(), maxRows);
                    }
                    return true;
                });
            }
            sides.add(side);
        }
    }

    /** Whether the row was kept: a row without a join value never meets another (Kafka Streams drops it). */
    private static boolean add(RightSide side, StatefulPlan.JoinStep join, Map<String, Object> row) {
        if (row == null) {
            return false;
        }
        Object key = BoundedQueryEngine.joinValue(join.rightKey(), join, row);
        if (key == null) {
            return false;
        }
        side.byKey.computeIfAbsent(key, k -> new ArrayList<>(1)).add(row);
        return true;
    }

    /** Joins a row of the first input; false once the query must stop. */
    boolean accept(Map<String, Object> row) {
        return pass(0, row);
    }

    /** After the first input: the right rows of right and full joins that met no left row; false to stop. */
    boolean finish() {
        for (int i = 0; i < steps.joins().size(); i++) {
            StatefulPlan.JoinStep join = steps.joins().get(i);
            if (join.type() != JoinType.RIGHT && join.type() != JoinType.FULL) {
                continue;
            }
            RightSide side = sides.get(i);
            for (Map.Entry<Object, List<Map<String, Object>>> entry : side.byKey.entrySet()) {
                for (Map<String, Object> right : entry.getValue()) {
                    if (!side.met.contains(right) && !pass(i + 1, joined(null, right, entry.getKey(), join, side))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean pass(int step, Map<String, Object> row) {
        if (step == steps.joins().size()) {
            return sink.test(row);
        }
        StatefulPlan.JoinStep join = steps.joins().get(step);
        RightSide side = sides.get(step);
        Object key = BoundedQueryEngine.joinValue(join.leftKey(), join, row);
        boolean met = false;
        for (Map<String, Object> right : key == null ? List.<Map<String, Object>>of()
                : side.byKey.getOrDefault(key, List.of())) {
            if (join.kind() == StatefulPlan.JoinKind.STREAM_STREAM && !within(join, row, right, side)) {
                continue;
            }
            met = true;
            side.met.add(right);
            if (!pass(step + 1, joined(row, right, key, join, side))) {
                return false;
            }
        }
        if (!met && (join.type() == JoinType.LEFT || join.type() == JoinType.FULL)) {
            return pass(step + 1, joined(row, null, key, join, side));
        }
        return true;
    }

    /** Whether the right row's time lies in [left - before, left + after]. */
    private static boolean within(StatefulPlan.JoinStep join, Map<String, Object> left, Map<String, Object> right,
            RightSide side) {
        if (!(left.get("ROWTIME") instanceof Long leftTime)
                || !(right.get(side.input.prefix() + "ROWTIME") instanceof Long rightTime)) {
            return false;
        }
        io.tributary.sql.ast.Statement.Within window = join.within().orElseThrow();
        return rightTime >= leftTime - window.before().toMillis() && rightTime <= leftTime + window.after().toMillis();
    }

    /**
     * Two rows joined (either may be null for an outer join's unmatched side), with the value they met on. Its
     * ROWTIME is the left row's for a lookup in a table (stream-table, foreign key), else the later of the two,
     * as Kafka Streams stamps a stream-stream or table-table join's result.
     */
    private static Map<String, Object> joined(Map<String, Object> left, Map<String, Object> right, Object key,
            StatefulPlan.JoinStep join, RightSide side) {
        Map<String, Object> row = new HashMap<>();
        if (left != null) {
            row.putAll(left);
        }
        if (right != null) {
            row.putAll(right);
            Object rightTime = right.get(side.input.prefix() + "ROWTIME");
            boolean lookup = join.kind() == StatefulPlan.JoinKind.STREAM_TABLE
                    || join.kind() == StatefulPlan.JoinKind.FOREIGN_KEY;
            if (left == null || !lookup && rightTime instanceof Long r && left.get("ROWTIME") instanceof Long l
                    && r > l) {
                row.put("ROWTIME", rightTime);
            }
        }
        row.put(StatefulPlan.JOIN_KEY, key);
        if (join.syntheticKey()) {
            row.put("ROWKEY", key);
        }
        return row;
    }
}
