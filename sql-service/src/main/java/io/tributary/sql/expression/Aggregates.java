package io.tributary.sql.expression;

import io.tributary.sql.ast.SqlType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The aggregate functions (UDAFs). Accumulators are plain serializable Java values and are never mutated in place:
 * every step answers a new one, so a state store may hold them as they are.
 */
public final class Aggregates {

    private Aggregates() {
    }

    /** One aggregate call, checked against its argument types. */
    public interface Aggregate extends Serializable {
        SqlType type();

        Object init();

        Object add(Object acc, List<Object> args);

        /** Undoes {@link #add} for a table row that changed or left; only for {@link #undoable()} aggregates. */
        default Object subtract(Object acc, List<Object> args) {
            throw new UnsupportedOperationException();
        }

        default boolean undoable() {
            return false;
        }

        Object result(Object acc);

        /**
         * Merges two session windows' accumulators when a record bridges them: {@code a} holds the earlier session
         * (or the initial accumulator), {@code b} the later one. Every aggregate must keep both sessions' data.
         */
        Object merge(Object a, Object b);
    }

    private static final Set<String> NAMES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX", "COUNT_DISTINCT",
            "COLLECT_LIST", "COLLECT_SET", "EARLIEST_BY_OFFSET", "LATEST_BY_OFFSET", "TOPK", "TOPKDISTINCT",
            "HISTOGRAM", "SUM_LIST");

    public static boolean isAggregate(String name) {
        return NAMES.contains(name);
    }

    /**
     * @param args    the argument types (null for a NULL literal)
     * @param literals the argument values where an argument is a literal, null elsewhere
     * @param star    {@code COUNT(*)}
     */
    public static Aggregate create(String name, List<SqlType> args, List<Object> literals, boolean star) {
        SqlType first = args.isEmpty() ? null : args.get(0);
        switch (name) {
            case "COUNT":
                return new Count(star || args.isEmpty() || literals.get(0) != null);
            case "SUM":
                requireArgs(name, args, 1);
                requireNumeric(name, first);
                return new Sum(first);
            case "SUM_LIST":
                requireArgs(name, args, 1);
                if (!(first instanceof SqlType.Array array) || !isNumeric(array.element())) {
                    throw new ExpressionException("Function 'SUM_LIST' does not accept parameters (" + first + ").");
                }
                return new SumList(array.element());
            case "AVG":
                requireArgs(name, args, 1);
                requireNumeric(name, first);
                return new Avg();
            case "MIN":
            case "MAX":
                requireArgs(name, args, 1);
                return new MinMax(first, name.equals("MAX"));
            case "COUNT_DISTINCT":
                requireArgs(name, args, 1);
                return new CountDistinct();
            case "COLLECT_LIST":
            case "COLLECT_SET":
                requireArgs(name, args, 1);
                return new Collect(first == null ? SqlType.STRING : first, name.equals("COLLECT_SET"));
            case "EARLIEST_BY_OFFSET":
            case "LATEST_BY_OFFSET": {
                if (args.isEmpty() || args.size() > 3) {
                    throw new ExpressionException("Function '" + name + "' does not accept parameters "
                            + args + ".");
                }
                boolean earliest = name.equals("EARLIEST_BY_OFFSET");
                Integer n = null;
                boolean ignoreNulls = true;
                for (int i = 1; i < args.size(); i++) {
                    Object literal = literals.get(i);
                    if (literal instanceof Boolean b) {
                        ignoreNulls = b;
                    } else if (literal instanceof Number number) {
                        n = number.intValue();
                    } else {
                        throw new ExpressionException("Function '" + name + "' needs literal parameters after "
                                + "the first.");
                    }
                }
                return new ByOffset(first == null ? SqlType.STRING : first, earliest, n, ignoreNulls);
            }
            case "TOPK":
            case "TOPKDISTINCT": {
                requireArgs(name, args, 2);
                if (!(literals.get(1) instanceof Number k)) {
                    throw new ExpressionException("Function '" + name + "' needs a literal integer K.");
                }
                return new TopK(first, k.intValue(), name.equals("TOPKDISTINCT"));
            }
            case "HISTOGRAM":
                requireArgs(name, args, 1);
                return new Histogram();
            default:
                throw new ExpressionException("Unknown aggregate function " + name);
        }
    }

    private static void requireArgs(String name, List<SqlType> args, int count) {
        if (args.size() != count) {
            throw new ExpressionException("Function '" + name + "' does not accept parameters ("
                    + String.join(", ", args.stream().map(String::valueOf).toList()) + ").");
        }
    }

    private static boolean isNumeric(SqlType type) {
        return type != null && switch (type.base()) {
            case INTEGER, BIGINT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    private static void requireNumeric(String name, SqlType type) {
        if (type != null && !isNumeric(type)) {
            throw new ExpressionException("Function '" + name + "' does not accept parameters (" + type + ").");
        }
    }

    static Object plus(Object a, Object b, SqlType type) {
        return switch (type.base()) {
            case INTEGER -> ((Number) a).intValue() + ((Number) b).intValue();
            case BIGINT -> ((Number) a).longValue() + ((Number) b).longValue();
            case DECIMAL -> toDecimal(a).add(toDecimal(b));
            default -> ((Number) a).doubleValue() + ((Number) b).doubleValue();
        };
    }

    static Object negate(Object a, SqlType type) {
        return switch (type.base()) {
            case INTEGER -> -((Number) a).intValue();
            case BIGINT -> -((Number) a).longValue();
            case DECIMAL -> toDecimal(a).negate();
            default -> -((Number) a).doubleValue();
        };
    }

    private static BigDecimal toDecimal(Object value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    static Object zero(SqlType type) {
        return switch (type.base()) {
            case INTEGER -> 0;
            case BIGINT -> 0L;
            case DECIMAL -> BigDecimal.ZERO.setScale(((SqlType.Decimal) type).scale());
            default -> 0.0;
        };
    }

    record Count(boolean all) implements Aggregate {
        public Object merge(Object a, Object b) {
            return (Long) a + (Long) b;
        }

        public SqlType type() {
            return SqlType.BIGINT;
        }

        public Object init() {
            return 0L;
        }

        public Object add(Object acc, List<Object> args) {
            return all || args.get(0) != null ? (Long) acc + 1 : acc;
        }

        public Object subtract(Object acc, List<Object> args) {
            return all || args.get(0) != null ? (Long) acc - 1 : acc;
        }

        public boolean undoable() {
            return true;
        }

        public Object result(Object acc) {
            return acc;
        }
    }

    record Sum(SqlType type) implements Aggregate {
        public Object merge(Object a, Object b) {
            return plus(a, b, type);
        }

        Sum {
            type = type == null ? SqlType.INTEGER : type;
        }

        public Object init() {
            return zero(type);
        }

        public Object add(Object acc, List<Object> args) {
            return args.get(0) == null ? acc : plus(acc, args.get(0), type);
        }

        public Object subtract(Object acc, List<Object> args) {
            return args.get(0) == null ? acc : plus(acc, negate(args.get(0), type), type);
        }

        public boolean undoable() {
            return true;
        }

        public Object result(Object acc) {
            return acc;
        }
    }

    record SumList(SqlType type) implements Aggregate {
        public Object merge(Object a, Object b) {
            return plus(a, b, type);
        }

        public Object init() {
            return zero(type);
        }

        public Object add(Object acc, List<Object> args) {
            Object total = acc;
            if (args.get(0) instanceof List<?> list) {
                for (Object item : list) {
                    if (item != null) {
                        total = plus(total, item, type);
                    }
                }
            }
            return total;
        }

        public Object subtract(Object acc, List<Object> args) {
            Object total = acc;
            if (args.get(0) instanceof List<?> list) {
                for (Object item : list) {
                    if (item != null) {
                        total = plus(total, negate(item, type), type);
                    }
                }
            }
            return total;
        }

        public boolean undoable() {
            return true;
        }

        public Object result(Object acc) {
            return acc;
        }
    }

    /** The accumulator is {@code [sum as double, count]}. */
    record Avg() implements Aggregate {
        public SqlType type() {
            return SqlType.DOUBLE;
        }

        public Object init() {
            return new ArrayList<>(List.of(0.0, 0L));
        }

        public Object add(Object acc, List<Object> args) {
            return step(acc, args.get(0), 1);
        }

        public Object subtract(Object acc, List<Object> args) {
            return step(acc, args.get(0), -1);
        }

        public Object merge(Object a, Object b) {
            List<?> first = (List<?>) a;
            List<?> second = (List<?>) b;
            return new ArrayList<>(List.of((Double) first.get(0) + (Double) second.get(0),
                    (Long) first.get(1) + (Long) second.get(1)));
        }

        private static Object step(Object acc, Object value, int sign) {
            if (value == null) {
                return acc;
            }
            List<?> a = (List<?>) acc;
            return new ArrayList<>(List.of((Double) a.get(0) + sign * ((Number) value).doubleValue(),
                    (Long) a.get(1) + sign));
        }

        public boolean undoable() {
            return true;
        }

        public Object result(Object acc) {
            List<?> a = (List<?>) acc;
            long count = (Long) a.get(1);
            return count == 0 ? 0.0 : (Double) a.get(0) / count;
        }
    }

    record MinMax(SqlType type, boolean max) implements Aggregate {
        public Object merge(Object a, Object b) {
            return b == null ? a : add(a, List.of(b));
        }

        public Object init() {
            return null;
        }

        public Object add(Object acc, List<Object> args) {
            Object value = args.get(0);
            if (value == null) {
                return acc;
            }
            if (acc == null) {
                return value;
            }
            int c = Comparisons.compare(value, acc);
            return (max ? c > 0 : c < 0) ? value : acc;
        }

        public Object result(Object acc) {
            return acc;
        }
    }

    record CountDistinct() implements Aggregate {
        public SqlType type() {
            return SqlType.BIGINT;
        }

        public Object init() {
            return new LinkedHashSet<>();
        }

        public Object add(Object acc, List<Object> args) {
            if (args.get(0) == null) {
                return acc;
            }
            Set<Object> set = new LinkedHashSet<>((Set<?>) acc);
            set.add(args.get(0));
            return set;
        }

        public Object merge(Object a, Object b) {
            Set<Object> set = new LinkedHashSet<>((Set<?>) a);
            set.addAll((Set<?>) b);
            return set;
        }

        public Object result(Object acc) {
            return (long) ((Set<?>) acc).size();
        }
    }

    record Collect(SqlType element, boolean distinct) implements Aggregate {
        private static final int LIMIT = 1000;

        public SqlType type() {
            return new SqlType.Array(element);
        }

        public Object init() {
            return new ArrayList<>();
        }

        public Object add(Object acc, List<Object> args) {
            List<Object> list = new ArrayList<>((List<?>) acc);
            Object value = args.get(0);
            if (list.size() >= LIMIT || (distinct && list.contains(value))) {
                return list;
            }
            list.add(value);
            return list;
        }

        public Object subtract(Object acc, List<Object> args) {
            List<Object> list = new ArrayList<>((List<?>) acc);
            list.remove(args.get(0));
            return list;
        }

        /** The earlier session's values first, then the later one's, up to the same limit as {@link #add}. */
        public Object merge(Object a, Object b) {
            List<Object> list = new ArrayList<>((List<?>) a);
            for (Object value : (List<?>) b) {
                if (list.size() >= LIMIT) {
                    break;
                }
                if (!distinct || !list.contains(value)) {
                    list.add(value);
                }
            }
            return list;
        }

        public boolean undoable() {
            return true;
        }

        public Object result(Object acc) {
            return new ArrayList<>((List<?>) acc);
        }
    }

    /**
     * The accumulator maps a processing sequence number to each value kept, oldest first. ksqlDB orders these
     * functions by the order records were processed, and merging two sessions must compare values from both: the
     * earlier session's records may have been processed after the later one's. The sequence starts from the clock
     * so that it keeps growing across restarts; a value added always sorts after those its accumulator holds, even
     * when the clock stepped back or the task moved to a host whose clock is behind. Accumulators of the earlier
     * form (a plain list, oldest first) are still read, as older than anything processed since.
     */
    record ByOffset(SqlType element, boolean earliest, Integer n, boolean ignoreNulls) implements Aggregate {
        private static final AtomicLong SEQUENCE = new AtomicLong();

        /** Where sequence numbers come from; a test replaces it to step the clock back. */
        static volatile LongSupplier sequences = ByOffset::clockSequence;

        private static long clockSequence() {
            long floor = System.currentTimeMillis() * 1000;
            return SEQUENCE.updateAndGet(last -> Math.max(last + 1, floor));
        }

        public SqlType type() {
            return n == null ? element : new SqlType.Array(element);
        }

        public Object init() {
            return new LinkedHashMap<Long, Object>();
        }

        public Object add(Object acc, List<Object> args) {
            Object value = args.get(0);
            List<Map.Entry<Long, Object>> entries = entries(acc, Long.MIN_VALUE);
            if (value == null && ignoreNulls || earliest && entries.size() >= keep()) {
                return toMap(entries);
            }
            long sequence = sequences.getAsLong();
            if (!entries.isEmpty()) {
                sequence = Math.max(sequence, entries.get(entries.size() - 1).getKey() + 1);
            }
            entries.add(new AbstractMap.SimpleImmutableEntry<>(sequence, value));
            return toMap(entries);
        }

        /**
         * Both sessions' values in processing order. Sequences from different clocks may meet here: a tie keeps the
         * earlier session's value first, and keys are made strictly increasing so that no value replaces another.
         */
        public Object merge(Object a, Object b) {
            List<Map.Entry<Long, Object>> entries = entries(a, Long.MIN_VALUE);
            entries.addAll(entries(b, Long.MIN_VALUE / 2));
            entries.sort(Map.Entry.comparingByKey());
            List<Map.Entry<Long, Object>> ordered = new ArrayList<>(entries.size());
            long previous = Long.MIN_VALUE;
            for (Map.Entry<Long, Object> entry : entries) {
                long key = ordered.isEmpty() ? entry.getKey() : Math.max(entry.getKey(), previous + 1);
                ordered.add(new AbstractMap.SimpleImmutableEntry<>(key, entry.getValue()));
                previous = key;
            }
            return toMap(ordered);
        }

        public Object result(Object acc) {
            List<Object> values = entries(acc, Long.MIN_VALUE).stream().map(Map.Entry::getValue)
                    .collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
            if (n == null) {
                return values.isEmpty() ? null : values.get(0);
            }
            return values;
        }

        private int keep() {
            return n == null ? 1 : n;
        }

        /** Keeps the {@link #keep()} earliest or latest of entries in sequence order. */
        private Map<Long, Object> toMap(List<Map.Entry<Long, Object>> entries) {
            int from = earliest ? 0 : Math.max(0, entries.size() - keep());
            int to = earliest ? Math.min(entries.size(), keep()) : entries.size();
            Map<Long, Object> map = new LinkedHashMap<>();
            for (Map.Entry<Long, Object> entry : entries.subList(from, to)) {
                map.put(entry.getKey(), entry.getValue());
            }
            return map;
        }

        /** The entries in sequence order; a list of the earlier form gets sequence numbers from legacyBase. */
        private static List<Map.Entry<Long, Object>> entries(Object acc, long legacyBase) {
            List<Map.Entry<Long, Object>> entries = new ArrayList<>();
            if (acc instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(((Number) entry.getKey()).longValue(),
                            entry.getValue()));
                }
                entries.sort(Map.Entry.comparingByKey());
            } else if (acc instanceof List<?> list) {
                long sequence = legacyBase;
                for (Object value : list) {
                    entries.add(new AbstractMap.SimpleImmutableEntry<>(sequence++, value));
                }
            }
            return entries;
        }
    }

    record TopK(SqlType element, int k, boolean distinct) implements Aggregate {
        public SqlType type() {
            return new SqlType.Array(element == null ? SqlType.INTEGER : element);
        }

        public Object init() {
            return new ArrayList<>();
        }

        public Object add(Object acc, List<Object> args) {
            Object value = args.get(0);
            List<Object> list = new ArrayList<>((List<?>) acc);
            if (value == null || (distinct && list.stream().anyMatch(v -> Comparisons.compare(v, value) == 0))) {
                return list;
            }
            list.add(value);
            return top(list);
        }

        public Object merge(Object a, Object b) {
            List<Object> list = new ArrayList<>((List<?>) a);
            for (Object value : (List<?>) b) {
                if (!distinct || list.stream().noneMatch(v -> Comparisons.compare(v, value) == 0)) {
                    list.add(value);
                }
            }
            return top(list);
        }

        private List<Object> top(List<Object> list) {
            list.sort((a, b) -> Comparisons.compare(b, a));
            while (list.size() > k) {
                list.remove(list.size() - 1);
            }
            return list;
        }

        public Object result(Object acc) {
            return new ArrayList<>((List<?>) acc);
        }
    }

    record Histogram() implements Aggregate {
        private static final int LIMIT = 1000;

        public SqlType type() {
            return new SqlType.Map(SqlType.STRING, SqlType.BIGINT);
        }

        public Object init() {
            return new LinkedHashMap<String, Long>();
        }

        public Object add(Object acc, List<Object> args) {
            Map<String, Long> map = new LinkedHashMap<>((Map<String, Long>) acc);
            Object value = args.get(0);
            if (value != null && (map.size() < LIMIT || map.containsKey(value.toString()))) {
                map.merge(value.toString(), 1L, Long::sum);
            }
            return map;
        }

        public Object subtract(Object acc, List<Object> args) {
            Map<String, Long> map = new LinkedHashMap<>((Map<String, Long>) acc);
            Object value = args.get(0);
            if (value != null) {
                map.computeIfPresent(value.toString(), (k, v) -> v <= 1 ? null : v - 1);
            }
            return map;
        }

        /** Adds the later session's counts; its values the earlier one lacks count while under the limit. */
        public Object merge(Object a, Object b) {
            Map<String, Long> map = new LinkedHashMap<>((Map<String, Long>) a);
            for (Map.Entry<String, Long> entry : ((Map<String, Long>) b).entrySet()) {
                if (map.size() < LIMIT || map.containsKey(entry.getKey())) {
                    map.merge(entry.getKey(), entry.getValue(), Long::sum);
                }
            }
            return map;
        }

        public boolean undoable() {
            return true;
        }

        public Object result(Object acc) {
            return new LinkedHashMap<>((Map<?, ?>) acc);
        }
    }

}
