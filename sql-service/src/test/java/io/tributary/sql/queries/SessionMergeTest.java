package io.tributary.sql.queries;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.ast.SqlType;
import io.tributary.sql.expression.Aggregates;
import io.tributary.sql.expression.Aggregates.Aggregate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How each aggregate merges two session windows' accumulators, as Kafka Streams calls it when a record bridges two
 * sessions: {@code merge(merge(init, earlier), later)}. Every accumulator goes through the state store's serde
 * between steps, as it does in a running query.
 */
@SuppressWarnings("unchecked")
class SessionMergeTest {

    private final InternalRowSerde<Object> serde = new InternalRowSerde<>();

    private Object stored(Object acc) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", acc));
    }

    private static Aggregate function(String name, SqlType type, Object... literals) {
        List<SqlType> types = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        types.add(type);
        values.add(null);
        for (Object literal : literals) {
            types.add(literal instanceof Boolean ? SqlType.BOOLEAN : SqlType.INTEGER);
            values.add(literal);
        }
        return Aggregates.create(name, types, values, false);
    }

    private Object session(Aggregate function, Object... values) {
        Object acc = stored(function.init());
        for (Object value : values) {
            acc = stored(function.add(acc, Collections.singletonList(value)));
        }
        return acc;
    }

    private Object merged(Aggregate function, Object earlier, Object later) {
        return function.result(stored(function.merge(stored(function.merge(stored(function.init()), earlier)),
                later)));
    }

    @Test
    void averageOfMergedSessionsWeighsEveryValueOfBoth() {
        Aggregate avg = function("AVG", SqlType.INTEGER);

        assertThat(merged(avg, session(avg, 1, 2, null), session(avg, 9))).isEqualTo(4.0);
        assertThat(merged(avg, session(avg), session(avg))).isEqualTo(0.0);
    }

    @Test
    void countSumMinMaxAndSumListCombineBothSessions() {
        Aggregate count = function("COUNT", SqlType.INTEGER);
        Aggregate sum = function("SUM", SqlType.BIGINT);
        Aggregate min = function("MIN", SqlType.INTEGER);
        Aggregate max = function("MAX", SqlType.INTEGER);
        Aggregate sumList = function("SUM_LIST", new SqlType.Array(SqlType.DOUBLE));

        assertThat(merged(count, session(count, 1, null, 2), session(count, 3))).isEqualTo(2L + 1L);
        assertThat(merged(sum, session(sum, 1L, 2L), session(sum, 10L))).isEqualTo(13L);
        assertThat(merged(min, session(min, 4, 2), session(min, 3))).isEqualTo(2);
        assertThat(merged(max, session(max, 4), session(max))).isEqualTo(4);
        assertThat(merged(sumList, session(sumList, List.of(1.0, 2.0)), session(sumList, Arrays.asList(0.5, null))))
                .isEqualTo(3.5);
    }

    @Test
    void countDistinctCountsAValueSeenInBothSessionsOnce() {
        Aggregate countDistinct = function("COUNT_DISTINCT", SqlType.STRING);

        assertThat(merged(countDistinct, session(countDistinct, "a", "b", null), session(countDistinct, "b", "c")))
                .isEqualTo(3L);
    }

    @Test
    void collectListPutsTheEarlierSessionsValuesFirstAndKeepsItsLimit() {
        Aggregate list = function("COLLECT_LIST", SqlType.INTEGER);

        assertThat(merged(list, session(list, 1, 2), session(list, 3, 1))).isEqualTo(List.of(1, 2, 3, 1));

        Object[] full = new Object[999];
        Arrays.fill(full, 0);
        List<Object> capped = (List<Object>) merged(list, session(list, full), session(list, 7, 8));
        assertThat(capped).hasSize(1000).endsWith(0, 7);
    }

    @Test
    void collectSetUnionsBothSessionsInOrderAndKeepsItsLimit() {
        Aggregate set = function("COLLECT_SET", SqlType.STRING);

        assertThat(merged(set, session(set, "a", "b"), session(set, "b", "c", "a"))).isEqualTo(List.of("a", "b", "c"));

        Object[] full = new Object[999];
        for (int i = 0; i < full.length; i++) {
            full[i] = "v" + i;
        }
        List<Object> capped = (List<Object>) merged(set, session(set, full), session(set, "v1", "x", "y"));
        assertThat(capped).hasSize(1000).endsWith("v998", "x");
    }

    @Test
    void earliestAndLatestByOffsetFollowTheOrderRecordsWereProcessedNotTheSessionOrder() {
        Aggregate earliest = function("EARLIEST_BY_OFFSET", SqlType.STRING);
        Aggregate latest = function("LATEST_BY_OFFSET", SqlType.STRING);
        // The later session's records were processed first: the earlier session's arrived out of order.
        Object laterSessionEarliest = session(earliest, "b1", "b2");
        Object laterSessionLatest = session(latest, "b1", "b2");
        Object earlierSessionEarliest = session(earliest, "a1", "a2");
        Object earlierSessionLatest = session(latest, "a1", "a2");

        assertThat(merged(earliest, earlierSessionEarliest, laterSessionEarliest)).isEqualTo("b1");
        assertThat(merged(latest, earlierSessionLatest, laterSessionLatest)).isEqualTo("a2");

        Object inOrderEarlier = session(latest, "c1");
        Object inOrderLater = session(latest, "d1");
        assertThat(merged(latest, inOrderEarlier, inOrderLater)).isEqualTo("d1");
        assertThat(merged(latest, inOrderEarlier, session(latest))).isEqualTo("c1");
    }

    @Test
    void nValueVariantsKeepTheNEarliestOrLatestOfBothSessionsOldestFirst() {
        Aggregate earliest = function("EARLIEST_BY_OFFSET", SqlType.INTEGER, 3);
        Aggregate latest = function("LATEST_BY_OFFSET", SqlType.INTEGER, 3);
        Object earlyA = session(earliest, 1, 2);
        Object lateA = session(latest, 1, 2);
        Object earlyB = session(earliest, 3, 4);
        Object lateB = session(latest, 3, 4);

        assertThat(merged(earliest, earlyA, earlyB)).isEqualTo(List.of(1, 2, 3));
        assertThat(merged(latest, lateA, lateB)).isEqualTo(List.of(2, 3, 4));
    }

    @Test
    void byOffsetKeepsNullsOnlyWhenNotIgnoringThem() {
        Aggregate ignoring = function("LATEST_BY_OFFSET", SqlType.STRING);
        Aggregate keeping = function("LATEST_BY_OFFSET", SqlType.STRING, false);
        Aggregate keepingTwo = function("EARLIEST_BY_OFFSET", SqlType.STRING, 2, false);

        assertThat(merged(ignoring, session(ignoring, "x"), session(ignoring, (Object) null))).isEqualTo("x");
        assertThat(merged(keeping, session(keeping, "x"), session(keeping, (Object) null))).isNull();
        assertThat(merged(keepingTwo, session(keepingTwo, (Object) null), session(keepingTwo, "y", "z")))
                .isEqualTo(Arrays.asList(null, "y"));
    }

    @Test
    void byOffsetAccumulatorsStoredAsPlainListsBeforeMergesExistedCountAsOlder() {
        Aggregate earliest = function("EARLIEST_BY_OFFSET", SqlType.STRING);
        Aggregate latest = function("LATEST_BY_OFFSET", SqlType.STRING, 2);

        assertThat(earliest.result(stored(earliest.merge(session(earliest, "new"), List.of("old"))))).isEqualTo("old");
        assertThat(latest.result(stored(latest.merge(List.of("o1", "o2"), List.of("o3"))))).isEqualTo(
                List.of("o2", "o3"));
        assertThat(latest.result(stored(latest.add(List.of("o1", "o2"), List.of("new"))))).isEqualTo(
                List.of("o2", "new"));
    }

    @Test
    void topKKeepsTheKLargestOfBothSessionsAndTopKDistinctCountsEachValueOnce() {
        Aggregate topk = function("TOPK", SqlType.INTEGER, 3);
        Aggregate distinct = function("TOPKDISTINCT", SqlType.INTEGER, 3);

        assertThat(merged(topk, session(topk, 5, 1, 9), session(topk, 9, 7))).isEqualTo(List.of(9, 9, 7));
        assertThat(merged(distinct, session(distinct, 5, 1, 9), session(distinct, 9, 7))).isEqualTo(List.of(9, 7, 5));
    }

    @Test
    void histogramAddsBothSessionsCountsAndKeepsItsLimitOfDistinctValues() {
        Aggregate histogram = function("HISTOGRAM", SqlType.STRING);

        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("a", 3L);
        expected.put("b", 1L);
        expected.put("c", 1L);
        assertThat(merged(histogram, session(histogram, "a", "b", "a"), session(histogram, "c", "a", null)))
                .isEqualTo(expected);

        Object[] full = new Object[999];
        for (int i = 0; i < full.length; i++) {
            full[i] = "v" + i;
        }
        Map<Object, Object> capped = (Map<Object, Object>) merged(histogram, session(histogram, full),
                session(histogram, "v0", "x", "y"));
        assertThat(capped).hasSize(1000).containsEntry("v0", 2L).containsEntry("x", 1L).doesNotContainKey("y");
    }

    @Test
    void noAggregateDropsTheEarlierSessionWhenTheLaterOneIsEmpty() {
        List<Aggregate> functions = List.of(function("COUNT", SqlType.INTEGER), function("SUM", SqlType.INTEGER),
                function("AVG", SqlType.INTEGER), function("MIN", SqlType.INTEGER), function("MAX", SqlType.INTEGER),
                function("COUNT_DISTINCT", SqlType.INTEGER), function("COLLECT_LIST", SqlType.INTEGER),
                function("COLLECT_SET", SqlType.INTEGER), function("EARLIEST_BY_OFFSET", SqlType.INTEGER),
                function("LATEST_BY_OFFSET", SqlType.INTEGER), function("EARLIEST_BY_OFFSET", SqlType.INTEGER, 2),
                function("LATEST_BY_OFFSET", SqlType.INTEGER, 2, false), function("TOPK", SqlType.INTEGER, 2),
                function("TOPKDISTINCT", SqlType.INTEGER, 2), function("HISTOGRAM", SqlType.INTEGER));
        for (Aggregate function : functions) {
            Object earlier = session(function, 4, 2);

            assertThat(merged(function, earlier, session(function))).as(function.toString())
                    .isEqualTo(function.result(earlier));
        }
        Aggregate sumList = function("SUM_LIST", new SqlType.Array(SqlType.INTEGER));
        Object earlier = session(sumList, List.of(4, 2));
        assertThat(merged(sumList, earlier, session(sumList))).isEqualTo(6);
    }
}
