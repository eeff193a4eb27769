package io.tributary.session.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.OpActionRequest;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A session commits its work as soon as no result of it is still open. Closing an operation frees its result off
 * the request thread; a statement the client runs right after the close must still commit at its end, as it did when
 * the close freed the result inline: its writes are visible to other connections once it reports
 * {@code FINISHED_STATE}, even while the pool that frees closed results is busy elsewhere.
 */
class StatementAfterClosingAResultTest extends SessionServiceIntegrationTest {

    @Test
    void anInsertRunRightAfterClosingAPartlyReadResultIsVisibleElsewhereWhenItFinishes() throws SQLException {
        String table = TestInfrastructure.uniqueName("after_close");
        String session = openSession();
        execute(session, "CREATE TABLE " + table + " (id int)");
        for (int i = 1; i <= 5; i++) {
            assertInsertAfterCloseIsVisible(session, table, i);
        }
        closeSession(session);
    }

    @Test
    void anInsertRunRightAfterClosingAResultIsVisibleElsewhereWhileTheResultClosersWaitInTheEngine()
            throws SQLException {
        // every thread freeing closed results waits in the engine for other sessions: ours is freed only later
        List<String> stuckSessions = new ArrayList<>();
        List<String> stuckParents = new ArrayList<>();
        List<String> stuckResults = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String parent = TestInfrastructure.uniqueName("parent");
            String child = TestInfrastructure.uniqueName("child");
            String stuck = openSession();
            execute(stuck, "CREATE TABLE " + parent + " (id int PRIMARY KEY)");
            execute(stuck, "INSERT INTO " + parent + " VALUES (1)");
            execute(stuck, "CREATE TABLE " + child + " (parent_id int REFERENCES " + parent
                    + " DEFERRABLE INITIALLY DEFERRED)");
            String openResult = execute(stuck, "SELECT 1");
            assertThat(rowSet(openResult, "?maxrows=1").rows()).hasSize(1);
            execute(stuck, "INSERT INTO " + child + " VALUES (1)");
            stuckSessions.add(stuck);
            stuckParents.add(parent);
            stuckResults.add(openResult);
        }
        String table = TestInfrastructure.uniqueName("after_close");
        String session = openSession();
        execute(session, "CREATE TABLE " + table + " (id int)");

        try (Connection blocker = engineConnection()) {
            blocker.setAutoCommit(false);
            try (Statement lock = blocker.createStatement()) {
                for (String parent : stuckParents) {
                    lock.execute("SELECT * FROM " + parent + " WHERE id = 1 FOR UPDATE");
                }
            }
            for (String openResult : stuckResults) {
                assertThat(close(openResult)).isEqualTo(200);
            }
            awaitTrue(() -> backendsWaitingForALock() >= 2, "the closers' commits wait for the blocker's locks");

            assertInsertAfterCloseIsVisible(session, table, 1);

            blocker.rollback();
        }
        closeSession(session);
        stuckSessions.forEach(this::closeSession);
    }

    /** Leaves a result partly read, closes it, then inserts at once and checks from another connection. */
    private void assertInsertAfterCloseIsVisible(String session, String table, int id) throws SQLException {
        String query = execute(session, "SELECT g FROM generate_series(1, 10000) g");
        assertThat(rowSet(query, "?maxrows=10").rows()).hasSize(10);
        assertThat(close(query)).isEqualTo(200);

        String insert = submit(session, "INSERT INTO " + table + " VALUES (" + id + ")", true, null);
        awaitState(insert, Set.of("FINISHED_STATE"));

        assertThat(countRows(table, id)).as("row %s visible to another connection once FINISHED", id).isEqualTo(1);
    }

    private int close(String operation) {
        return request("PUT", "/api/v1/operations/" + operation, "application/json",
                json(new OpActionRequest("close"))).statusCode();
    }

    private static long countRows(String table, int id) throws SQLException {
        try (Connection connection = engineConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM " + table + " WHERE id = ?")) {
            statement.setInt(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long backendsWaitingForALock() throws SQLException {
        try (Connection connection = engineConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND wait_event_type = 'Lock'")) {
            statement.setString(1, ENGINE_DATABASE);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
