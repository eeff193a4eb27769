package io.tributary.session.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.AnotherServer;
import io.tributary.session.support.KyuubiDtos.KyuubiSessionEvent;
import io.tributary.session.support.KyuubiDtos.OperationData;
import io.tributary.session.support.KyuubiDtos.OperationHandle;
import io.tributary.session.support.KyuubiDtos.SessionData;
import io.tributary.session.support.KyuubiDtos.SessionHandle;
import io.tributary.session.support.KyuubiDtos.StatementRequest;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kyuubi.engine.session-idle-timeout} (Kyuubi's {@code kyuubi.session.idle.timeout}): a session nobody
 * touches for that long is closed by the server, and its history says so.
 */
class IdleSessionExpiryTest extends SessionServiceIntegrationTest {

    @Test
    void aSessionLeftIdleIsClosedAndItsHistoryShowsItsEnd() {
        try (AnotherServer server = new AnotherServer(SCHEMA, engineUrl(ENGINE_DATABASE), ENGINE_ROLE)
                .with("kyuubi.engine.session-idle-timeout", "2s").start()) {
            String session = JSON.readValue(server.request("POST", "/api/v1/sessions", "{}").body(),
                    SessionHandle.class).identifier();
            String operation = JSON.readValue(server.request("POST", "/api/v1/sessions/" + session
                    + "/operations/statement", json(new StatementRequest("SELECT 1", false, null, Map.of()))).body(),
                    OperationHandle.class).identifier();
            long lastTouched = System.currentTimeMillis();

            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            SessionData[] live = liveSessions(server);
            while (live.length > 0 && System.nanoTime() < deadline) {
                sleep(200);
                live = liveSessions(server);
            }

            assertThat(live).isEmpty();
            KyuubiSessionEvent history = JSON.readValue(server.request("GET", "/api/v1/sessions/" + session, null)
                    .body(), KyuubiSessionEvent.class);
            assertThat(history.endTime()).isGreaterThanOrEqualTo(lastTouched + 2_000);
            OperationData[] operations = JSON.readValue(server.request("GET", "/api/v1/sessions/" + session
                    + "/operations", null).body(), OperationData[].class);
            assertThat(operations).extracting(OperationData::identifier).containsExactly(operation);
            assertThat(server.request("DELETE", "/api/v1/sessions/" + session, null).statusCode()).isEqualTo(404);
        }
    }

    private static SessionData[] liveSessions(AnotherServer server) {
        return JSON.readValue(server.request("GET", "/api/v1/sessions", null).body(), SessionData[].class);
    }
}
