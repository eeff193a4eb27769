package io.tributary.session.operations;

import io.tributary.session.events.ThrowableInfo;
import java.util.Map;

/** {@code GET /operations/{h}/event}: Kyuubi's {@code KyuubiOperationEvent}. */
public record KyuubiOperationEvent(
        String statementId,
        String remoteId,
        String statement,
        boolean shouldRunAsync,
        String state,
        long eventTime,
        long createTime,
        long startTime,
        long completeTime,
        ThrowableInfo exception,
        String sessionId,
        String sessionUser,
        String sessionType,
        String kyuubiInstance,
        Map<String, String> metrics) {
}
