package io.tributary.sql.expression;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.ast.SqlType;
import io.tributary.sql.expression.Aggregates.Aggregate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * EARLIEST/LATEST_BY_OFFSET order values by a clock-based sequence; these prove the order holds when the clock
 * steps back (or the task moves to a host whose clock is behind) between two values of one accumulator.
 */
class ByOffsetSequenceTest {

    private final LongSupplier realSequences = Aggregates.ByOffset.sequences;

    @AfterEach
    void restoreTheClock() {
        Aggregates.ByOffset.sequences = realSequences;
    }

    /** A clock that goes back {@code step} with every reading, from {@code start}. */
    private static void clockGoingBack(long start, long step) {
        AtomicLong next = new AtomicLong(start);
        Aggregates.ByOffset.sequences = () -> next.getAndAdd(-step);
    }

    private static Aggregate function(String name, Object... literals) {
        List<SqlType> types = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        types.add(SqlType.STRING);
        values.add(null);
        for (Object literal : literals) {
            types.add(literal instanceof Boolean ? SqlType.BOOLEAN : SqlType.INTEGER);
            values.add(literal);
        }
        return Aggregates.create(name, types, values, false);
    }

    private static Object addAll(Aggregate function, Object acc, Object... values) {
        for (Object value : values) {
            acc = function.add(acc, Collections.singletonList(value));
        }
        return acc;
    }

    @Test
    void latestByOffsetAnswersTheLastValueAddedWhenTheClockStepsBack() {
        Aggregate latest = function("LATEST_BY_OFFSET");
        Object acc = addAll(latest, latest.init(), "first", "second");
        clockGoingBack(1_000, 100);
        acc = addAll(latest, acc, "third", "fourth");

        assertThat(latest.result(acc)).isEqualTo("fourth");
    }

    @Test
    void latestByOffsetOfNAnswersTheLastNInTheOrderTheyWereAdded() {
        Aggregate latest = function("LATEST_BY_OFFSET", 3);
        Object acc = addAll(latest, latest.init(), "a", "b");
        clockGoingBack(1_000, 100);
        acc = addAll(latest, acc, "c", "d", "e");

        assertThat(latest.result(acc)).isEqualTo(List.of("c", "d", "e"));
        List<Long> sequences = ((Map<?, ?>) acc).keySet().stream().map(k -> ((Number) k).longValue()).toList();
        assertThat(sequences).as("sequences keep growing").isSorted().doesNotHaveDuplicates();
    }

    @Test
    void earliestByOffsetOfNKeepsTheFirstNInOrderWhenTheClockStepsBack() {
        Aggregate earliest = function("EARLIEST_BY_OFFSET", 3);
        Object acc = addAll(earliest, earliest.init(), "a");
        clockGoingBack(1_000, 100);
        acc = addAll(earliest, acc, "b", "c", "d");

        assertThat(earliest.result(acc)).isEqualTo(List.of("a", "b", "c"));
    }

    @Test
    void valuesAddedAfterAMergeFollowBothSessionsWhateverTheClock() {
        Aggregate latest = function("LATEST_BY_OFFSET", 2);
        Object earlier = addAll(latest, latest.init(), "a1", "a2");
        Object later = addAll(latest, latest.init(), "b1");
        Object merged = latest.merge(latest.merge(latest.init(), earlier), later);
        clockGoingBack(1_000, 100);

        assertThat(latest.result(addAll(latest, merged, "new"))).isEqualTo(List.of("b1", "new"));
    }

    @Test
    void mergingSessionsWhoseSequencesCollideKeepsEveryValueEarlierSessionFirst() {
        Aggregate latest = function("LATEST_BY_OFFSET", 4);
        clockGoingBack(500, 0);
        Object earlier = addAll(latest, latest.init(), "a1", "a2");
        clockGoingBack(500, 0);
        Object later = addAll(latest, latest.init(), "b1", "b2");

        Object merged = latest.merge(latest.merge(latest.init(), earlier), later);

        assertThat(latest.result(merged)).isEqualTo(List.of("a1", "b1", "a2", "b2"));
        assertThat(latest.result(addAll(latest, merged, "c"))).isEqualTo(List.of("b1", "a2", "b2", "c"));
    }
}
