package io.tributary.sql.queries;

import io.tributary.sql.format.SqlValues;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what a CTAS aggregation keeps in its state store into result rows, for pull queries through Kafka Streams'
 * interactive queries.
 *
 * <p>The store is {@link StatefulPlan#AGGREGATE_STORE} in the query's Streams app. Its keys are the sink's key
 * bytes (the key format of the sink topic, without window bytes): {@code byte[]} for stream aggregations,
 * {@link org.apache.kafka.common.utils.Bytes} for table aggregations; windowed aggregations use a window store
 * (TUMBLING, HOPPING) or a session store (SESSION). Its values are accumulators: a list of the group's values,
 * one accumulator per aggregate call, then two bookkeeping flags.
 */
public final class MaterializedRows {

    private MaterializedRows() {
    }

    /** An accumulator's group values ({@code KSQL_GRP_<i>}) and aggregate results ({@code KSQL_AGG_<i>}). */
    static Map<String, Object> groupRow(StatefulPlan steps, List<Object> accumulator) {
        Map<String, Object> row = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object> group = (List<Object>) accumulator.get(0);
        for (int i = 0; i < group.size(); i++) {
            row.put("KSQL_GRP_" + i, group.get(i));
        }
        for (int i = 0; i < steps.aggregates().size(); i++) {
            row.put("KSQL_AGG_" + i, steps.aggregates().get(i).function().result(accumulator.get(i + 1)));
        }
        return row;
    }

    /**
     * The result row (column name to value, in the sink's column order) of one accumulator, or empty when the
     * group has no row: nothing aggregated yet, or HAVING rejects it.
     *
     * @param windowStart the window's start for windowed aggregations, else null
     * @param windowEnd   the window's end for windowed aggregations, else null
     * @param rowTime     the timestamp stored with the accumulator
     */
    public static Optional<Map<String, Object>> row(QueryPlan plan, List<Object> accumulator, Long windowStart,
            Long windowEnd, long rowTime) {
        StatefulPlan steps = plan.stateful().filter(s -> s.keyMode() == StatefulPlan.KeyMode.GROUP_BY)
                .orElseThrow(() -> new IllegalArgumentException("not an aggregation"));
        if (accumulator == null || accumulator.get(0) == null) {
            return Optional.empty();
        }
        Map<String, Object> row = groupRow(steps, accumulator);
        if (windowStart != null) {
            row.put("WINDOWSTART", windowStart);
            row.put("WINDOWEND", windowEnd);
        }
        row.put("ROWTIME", rowTime);
        if (steps.having().isPresent() && !Boolean.TRUE.equals(steps.having().get().evaluator().evaluate(row))) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ProjectedColumn column : plan.projection()) {
            Object value = column.expression().evaluator().evaluate(row);
            out.put(column.column().name(), value == null ? null : SqlValues.coerce(value, column.column().type()));
        }
        return Optional.of(out);
    }
}
