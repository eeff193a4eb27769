package io.tributary.session.sessions;

import io.tributary.session.events.ThrowableInfo;
import java.util.Map;

/** {@code GET /sessions/{h}}: Kyuubi's {@code KyuubiSessionEvent}, field for field as its REST client reads it. */
public record KyuubiSessionEvent(
        String sessionId,
        int clientVersion,
        String sessionType,
        String sessionName,
        String remoteSessionId,
        String engineId,
        String engineName,
        String engineUrl,
        String user,
        String clientIp,
        String serverIp,
        Map<String, String> conf,
        Map<String, String> optimizedConf,
        long eventTime,
        long openedTime,
        long startTime,
        long endTime,
        int totalOperations,
        ThrowableInfo exception) {

    /** HIVE_CLI_SERVICE_PROTOCOL_V10, what Kyuubi's REST sessions report. */
    static final int CLIENT_VERSION = 9;

    static KyuubiSessionEvent of(EngineSession session, String serverIp) {
        return new KyuubiSessionEvent(session.id().toString(), CLIENT_VERSION, "INTERACTIVE", session.sessionName(),
                session.id().toString(), session.id().toString(), session.engineName(), session.engineUrl(),
                session.user(), session.ipAddr(), serverIp, session.conf(), session.conf(),
                System.currentTimeMillis(), session.createTime(), session.createTime(), session.endTime(),
                session.totalOperations(), null);
    }
}
