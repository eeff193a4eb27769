package io.tributary.session.batches;

/** The filters of {@code GET /batches}; null means any. */
public record BatchFilter(String batchType, String batchUser, BatchState batchState, String batchName,
        long createTime, long endTime,
        int from, int size, boolean desc) {
}
