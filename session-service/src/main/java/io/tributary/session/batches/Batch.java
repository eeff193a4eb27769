package io.tributary.session.batches;

import java.util.Map;

/** Kyuubi's {@code Batch}: what {@code POST /batches} and {@code GET /batches/{id}} answer. */
public record Batch(
        String id,
        String user,
        String batchType,
        String name,
        long appStartTime,
        String appId,
        String appUrl,
        String appState,
        String appDiagnostic,
        String kyuubiInstance,
        String state,
        long createTime,
        long endTime,
        Map<String, String> batchInfo) {
}
