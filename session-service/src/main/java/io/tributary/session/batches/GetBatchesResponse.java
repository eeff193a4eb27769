package io.tributary.session.batches;

import java.util.List;

/** {@code GET /batches}. */
public record GetBatchesResponse(int from, int total, List<Batch> batches) {
}
