package io.tributary.session.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.OpActionRequest;
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
 * An operation closed while its session's connection is busy has its result freed once the connection is free. One
 * session stuck in its engine (waiting for a lock another connection holds) must not hold up freeing the results of
 * every other session.
 */
class IndependentResultClosesTest extends SessionServiceIntegrationTest {

    @Test
    void aSessionBlockedInTheEngineDoesNotDelayFreeingAnotherSessionsResult() throws SQLException {
        String table = TestInfrastructure.uniqueName("locked");
        String hung = openSession();
        execute(hung, "CREATE TABLE " + table + " (id int)");
        String other = openSession();
        try (Connection blocker = engineConnection()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                lock.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            }
            String hungResult = execute(hung, "SELECT 1");
            String blocked = submit(hung, "SELECT * FROM " + table, true, null);
            awaitState(blocked, Set.of("RUNNING_STATE"));
            assertThat(close(hungResult).statusCode()).isEqualTo(200);

            String pidQuery = execute(other, "SELECT pg_backend_pid()");
            int pid = ((Number) rowSet(pidQuery, "?maxrows=1").rows().get(0).fields().get(0).value()).intValue();
            // longer than the busy timeout: the close is answered before the connection frees
            String busy = submit(other, "DO $$ BEGIN PERFORM pg_sleep(3); END $$", true, null);
            awaitState(busy, Set.of("RUNNING_STATE"));
            assertThat(close(pidQuery).statusCode()).isEqualTo(200);
            awaitState(busy, Set.of("FINISHED_STATE"));

            // the other session's result is freed: nothing keeps its transaction open any more
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            String state = backendState(pid);
            while (!"idle".equals(state) && System.nanoTime() < deadline) {
                sleep(50);
                state = backendState(pid);
            }
            assertThat(state).isEqualTo("idle");
            assertThat(event(blocked).state()).isEqualTo("RUNNING_STATE");
            blocker.rollback();
            awaitState(blocked, Set.of("FINISHED_STATE"));
        }
        closeSession(hung);
        closeSession(other);
    }

    private HttpResponse<String> close(String operation) {
        return request("PUT", "/api/v1/operations/" + operation, "application/json",
                json(new OpActionRequest("close")));
    }

    private static String backendState(int pid) throws SQLException {
        try (Connection connection = engineConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT state FROM pg_stat_activity WHERE pid = ?")) {
            statement.setInt(1, pid);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
