package io.tributary.session.sessions;

import java.util.Map;

/** An element of {@code GET /sessions}: Kyuubi's {@code SessionData}. */
public record SessionData(
        String identifier,
        String remoteId,
        String user,
        String ipAddr,
        Map<String, String> conf,
        Long createTime,
        Long duration,
        Long idleTime,
        String exception,
        String sessionType,
        String kyuubiInstance,
        String engineId,
        String engineName,
        String engineUrl,
        String sessionName,
        Integer totalOperations) {

    static SessionData of(EngineSession session) {
        long now = System.currentTimeMillis();
        return new SessionData(session.id().toString(), session.id().toString(), session.user(), session.ipAddr(),
                session.conf(), session.createTime(), now - session.createTime(), now - session.lastAccessTime(), "",
                "INTERACTIVE", session.kyuubiInstance(), session.id().toString(), session.engineName(),
                session.engineUrl(), session.sessionName(), session.totalOperations());
    }
}
