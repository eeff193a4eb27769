package io.tributary.session.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.KyuubiSessionEvent;
import io.tributary.session.support.KyuubiDtos.OpActionRequest;
import io.tributary.session.support.KyuubiDtos.OperationData;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Closing is answered promptly even when the engine does not answer. Freeing a closed operation's result ends the
 * session's transaction, and its commit can wait in the engine: a deferred foreign key is checked at commit, and the
 * check waits while another connection holds the parent row {@code FOR UPDATE}. Neither {@code PUT /operations/{h}}
 * {@code close} nor {@code DELETE /sessions/{h}} waits for it.
 */
class ClosingOnAStuckEngineTest extends SessionServiceIntegrationTest {

    private static final long PROMPT_MILLIS = 2_000;

    @Test
    void closingAnOperationWhoseResultFreeingWaitsForALockIsAnsweredAtOnceAndTheSessionGoesOnAfterwards()
            throws SQLException {
        Stuck stuck = pendingDeferredCheck();
        try (Connection blocker = lockParentRow(stuck.parent)) {
            long start = System.nanoTime();
            HttpResponse<String> closed = close(stuck.openResult);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
            assertThat(tookMillis).isLessThan(PROMPT_MILLIS);
            assertThat(get("/api/v1/operations/" + stuck.openResult + "/event").statusCode()).isEqualTo(404);
            // the freeing really is stuck in the engine: the session's backend waits for the blocker's row lock
            awaitTrue(() -> "Lock".equals(waitEventType(stuck.backendPid)), "backend waits for the row lock");
            assertThat(countRows(stuck.child)).as("not committed while the check waits").isZero();

            blocker.rollback();
        }
        // once the engine answers, the commit goes through and the session serves statements again
        awaitTrue(() -> countRowsQuietly(stuck.child) == 1, "the deferred insert committed");
        String count = execute(stuck.session, "SELECT count(*)::int FROM " + stuck.child);
        assertThat(rowSet(count, "").rows().get(0).fields().get(0).value()).isEqualTo(1);
        closeSession(stuck.session);
        assertThat(closedOperation(stuck.session, stuck.openResult).state()).isEqualTo("CLOSED_STATE");
    }

    @Test
    void closingASessionWhoseCommitWaitsForALockIsAnsweredWithinTheBusyTimeout() throws SQLException {
        Stuck stuck = pendingDeferredCheck();
        try (Connection blocker = lockParentRow(stuck.parent)) {
            long start = System.nanoTime();
            HttpResponse<String> closed = request("DELETE", "/api/v1/sessions/" + stuck.session, null, null);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
            assertThat(tookMillis).isLessThan(SESSION_BUSY_TIMEOUT.toMillis() + PROMPT_MILLIS);
            assertThat(request("DELETE", "/api/v1/sessions/" + stuck.session, null, null).statusCode())
                    .as("closed already").isEqualTo(404);
            assertThat(read(get("/api/v1/sessions/" + stuck.session), 200, KyuubiSessionEvent.class).endTime())
                    .isPositive();
            assertThat(closedOperation(stuck.session, stuck.openResult).state()).isEqualTo("CLOSED_STATE");
            blocker.rollback();
        }
        // the connection given up on, its backend goes once the lock it waited for is released
        awaitTrue(() -> !backendAlive(stuck.backendPid), "the session's backend ended");
    }

    @Test
    void closingARunningSleepIsAnsweredAtOnceAndTheSessionRunsTheNextStatement() throws SQLException {
        String session = openSession();
        int pid = backendPid(session);
        String sleeping = submit(session, "SELECT pg_sleep(60)", true, null);
        awaitState(sleeping, Set.of("RUNNING_STATE"));
        awaitTrue(() -> "PgSleep".equals(waitEvent(pid)), "pg_sleep runs");

        long start = System.nanoTime();
        HttpResponse<String> closed = close(sleeping);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(tookMillis).isLessThan(PROMPT_MILLIS);
        assertThat(get("/api/v1/operations/" + sleeping + "/event").statusCode()).isEqualTo(404);
        String next = execute(session, "SELECT 41 + 1");
        assertThat(rowSet(next, "").rows().get(0).fields().get(0).value()).isEqualTo(42);
        closeSession(session);
        assertThat(closedOperation(session, sleeping).state()).isEqualTo("CLOSED_STATE");
    }

    private record Stuck(String session, int backendPid, String openResult, String parent, String child) {
    }

    /**
     * A session with a result still open (so its transaction stays open) and, in that transaction, a row whose
     * deferred foreign key is checked when the result is freed and the transaction commits.
     */
    private Stuck pendingDeferredCheck() {
        String parent = TestInfrastructure.uniqueName("parent");
        String child = TestInfrastructure.uniqueName("child");
        String session = openSession();
        execute(session, "CREATE TABLE " + parent + " (id int PRIMARY KEY)");
        execute(session, "INSERT INTO " + parent + " VALUES (1)");
        execute(session, "CREATE TABLE " + child + " (parent_id int REFERENCES " + parent
                + " DEFERRABLE INITIALLY DEFERRED)");
        String openResult = execute(session, "SELECT pg_backend_pid()");
        int pid = ((Number) rowSet(openResult, "?maxrows=1").rows().get(0).fields().get(0).value()).intValue();
        execute(session, "INSERT INTO " + child + " VALUES (1)");
        return new Stuck(session, pid, openResult, parent, child);
    }

    private int backendPid(String session) {
        String query = execute(session, "SELECT pg_backend_pid()");
        int pid = ((Number) rowSet(query, "?maxrows=1").rows().get(0).fields().get(0).value()).intValue();
        assertThat(close(query).statusCode()).isEqualTo(200);
        return pid;
    }

    private static Connection lockParentRow(String parent) throws SQLException {
        Connection blocker = engineConnection();
        blocker.setAutoCommit(false);
        try (Statement lock = blocker.createStatement()) {
            lock.execute("SELECT * FROM " + parent + " WHERE id = 1 FOR UPDATE");
        }
        return blocker;
    }

    private HttpResponse<String> close(String operation) {
        return request("PUT", "/api/v1/operations/" + operation, "application/json",
                json(new OpActionRequest("close")));
    }

    private OperationData closedOperation(String session, String operation) {
        OperationData[] history = read(get("/api/v1/sessions/" + session + "/operations"), 200,
                OperationData[].class);
        for (OperationData op : history) {
            if (op.identifier().equals(operation)) {
                return op;
            }
        }
        throw new AssertionError("operation " + operation + " is not in the history of session " + session);
    }

    private static String waitEventType(int pid) throws SQLException {
        return activity("wait_event_type", pid);
    }

    private static String waitEvent(int pid) throws SQLException {
        return activity("wait_event", pid);
    }

    private static boolean backendAlive(int pid) throws SQLException {
        return activity("'alive'", pid) != null;
    }

    private static String activity(String column, int pid) throws SQLException {
        try (Connection connection = engineConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT " + column + " FROM pg_stat_activity WHERE pid = ?")) {
            statement.setInt(1, pid);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long countRows(String table) throws SQLException {
        try (Connection connection = engineConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long countRowsQuietly(String table) {
        try {
            return countRows(table);
        } catch (SQLException e) {
            return -1;
        }
    }
}
