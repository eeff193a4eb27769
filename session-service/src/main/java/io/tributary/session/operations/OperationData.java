package io.tributary.session.operations;

import java.util.Map;

/** An element of {@code GET /sessions/{h}/operations}: Kyuubi's {@code OperationData}. */
public record OperationData(
        String identifier,
        String remoteId,
        String statement,
        String state,
        Long createTime,
        Long startTime,
        Long completeTime,
        String exception,
        String sessionId,
        String sessionUser,
        String sessionType,
        String kyuubiInstance,
        Map<String, String> metrics) {

    public static OperationData of(KyuubiOperationEvent event) {
        return new OperationData(event.statementId(), event.remoteId(), event.statement(), event.state(),
                event.createTime(), event.startTime(), event.completeTime(),
                event.exception() == null ? "" : event.exception().message(), event.sessionId(),
                event.sessionUser(), event.sessionType(), event.kyuubiInstance(), event.metrics());
    }
}
