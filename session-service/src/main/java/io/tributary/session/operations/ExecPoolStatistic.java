package io.tributary.session.operations;

/** {@code GET /sessions/execPool/statistic}. */
public record ExecPoolStatistic(int execPoolSize, int execPoolActiveCount) {
}
