package io.tributary.session.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.OperationData;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Closing a session whose connection a long statement holds answers at once, as Kyuubi's close does: the running
 * statement is cancelled on the engine and the queued ones dropped, instead of each operation waiting for the
 * connection in turn (up to the busy timeout apiece).
 */
class ClosingBusySessionsTest extends SessionServiceIntegrationTest {

    private static final long PROMPT_MILLIS = 2_000;

    @Test
    void closingASessionCancelsItsRunningStatementAndAnswersPromptly() throws SQLException {
        Busy busy = busySession();

        long start = System.nanoTime();
        HttpResponse<String> closed = request("DELETE", "/api/v1/sessions/" + busy.session, null, null);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(tookMillis).isLessThan(PROMPT_MILLIS);
        assertEngineStopped(busy);
    }

    @Test
    void anAdministratorClosingABusySessionIsAnsweredPromptlyToo() throws SQLException {
        Busy busy = busySession();

        long start = System.nanoTime();
        HttpResponse<String> closed = request("DELETE", "/api/v1/admin/sessions/" + busy.session, null, null,
                "Authorization", basicAuth(ADMIN));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(tookMillis).isLessThan(PROMPT_MILLIS);
        assertEngineStopped(busy);
    }

    private record Busy(String session, int backendPid, String running, List<String> others) {
    }

    /** A session running {@code pg_sleep(60)}, with a finished result open and three statements queued behind it. */
    private Busy busySession() {
        String session = openSession();
        String pidQuery = execute(session, "SELECT pg_backend_pid()");
        int pid = ((Number) rowSet(pidQuery, "?maxrows=1").rows().get(0).fields().get(0).value()).intValue();
        String running = submit(session, "SELECT pg_sleep(60)", true, null);
        awaitState(running, Set.of("RUNNING_STATE"));
        List<String> others = new ArrayList<>(List.of(pidQuery));
        for (int i = 0; i < 3; i++) {
            others.add(submit(session, "SELECT " + i, true, null));
        }
        assertThat(event(others.get(1)).state()).isEqualTo("PENDING_STATE");
        return new Busy(session, pid, running, others);
    }

    private void assertEngineStopped(Busy busy) throws SQLException {
        // the statement no longer runs on the engine: its backend ended with the session's connection
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (backendAlive(busy.backendPid) && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertThat(backendAlive(busy.backendPid)).as("backend %d still there", busy.backendPid).isFalse();
        assertThat(get("/api/v1/operations/" + busy.running + "/event").statusCode()).isEqualTo(404);
        OperationData[] history = read(get("/api/v1/sessions/" + busy.session + "/operations"), 200,
                OperationData[].class);
        assertThat(history).hasSize(busy.others.size() + 1)
                .allSatisfy(op -> assertThat(op.state()).as(op.statement()).isEqualTo("CLOSED_STATE"));
        assertThat(history).filteredOn(op -> op.identifier().equals(busy.running)).singleElement()
                .satisfies(op -> assertThat(op.completeTime()).isPositive());
    }

    private static boolean backendAlive(int pid) throws SQLException {
        try (Connection connection = DriverManager.getConnection(engineUrl(ENGINE_DATABASE), ENGINE_ROLE,
                ENGINE_ROLE);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
            statement.setInt(1, pid);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
