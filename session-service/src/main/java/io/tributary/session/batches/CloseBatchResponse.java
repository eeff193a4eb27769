package io.tributary.session.batches;

/** {@code DELETE /batches/{id}}: false when the batch had already ended. */
public record CloseBatchResponse(boolean success, String msg) {
}
