package io.tributary.session.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.session.support.KyuubiDtos.ColumnDesc;
import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.Field;
import io.tributary.session.support.KyuubiDtos.KyuubiOperationEvent;
import io.tributary.session.support.KyuubiDtos.OpActionRequest;
import io.tributary.session.support.KyuubiDtos.OperationHandle;
import io.tributary.session.support.KyuubiDtos.OperationLog;
import io.tributary.session.support.KyuubiDtos.ResultRowSet;
import io.tributary.session.support.KyuubiDtos.ResultSetMetaData;
import io.tributary.session.support.KyuubiDtos.Row;
import io.tributary.session.support.KyuubiDtos.StatementRequest;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementsTest extends SessionServiceIntegrationTest {

    private String session;

    @BeforeEach
    void openSessionOnTheEngine() {
        session = openSession();
    }

    @AfterEach
    void closeIt() {
        closeSession(session);
    }

    @Test
    void createInsertSelectAnswersHiveTypedRowsPageByPage() {
        String table = TestInfrastructure.uniqueName("typed");
        execute(session, "CREATE TABLE " + table + " (id int, big bigint, d double precision, r real, b boolean, "
                + "s varchar(20), day date, ts timestamp, n numeric(10,2), sm smallint)");
        execute(session, "INSERT INTO " + table + " VALUES "
                + "(1, 10000000000, 1.5, 2.5, true, 'one', '2024-01-02', '2024-01-02 03:04:05', 12.34, 7), "
                + "(2, null, null, null, null, null, null, null, null, null), "
                + "(3, 3, 3.0, 3.0, false, 'three', '2024-03-03', '2024-03-03 00:00:00', 3.00, 3), "
                + "(4, 4, 4.0, 4.0, true, 'four', '2024-04-04', '2024-04-04 00:00:00', 4.00, 4), "
                + "(5, 5, 5.0, 5.0, false, 'five', '2024-05-05', '2024-05-05 00:00:00', 5.00, 5)");

        String select = execute(session, "SELECT * FROM " + table + " ORDER BY id");

        ResultSetMetaData metadata = read(get("/api/v1/operations/" + select + "/resultsetmetadata"), 200,
                ResultSetMetaData.class);
        assertThat(metadata.columns()).extracting(ColumnDesc::columnName)
                .containsExactly("id", "big", "d", "r", "b", "s", "day", "ts", "n", "sm");
        assertThat(metadata.columns()).extracting(ColumnDesc::dataType).containsExactly("INT_TYPE", "BIGINT_TYPE",
                "DOUBLE_TYPE", "FLOAT_TYPE", "BOOLEAN_TYPE", "STRING_TYPE", "DATE_TYPE", "TIMESTAMP_TYPE",
                "STRING_TYPE", "INT_TYPE");
        assertThat(metadata.columns()).extracting(ColumnDesc::columnIndex)
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

        ResultRowSet first = rowSet(select, "?maxrows=2");
        assertThat(first.rowCount()).isEqualTo(2);
        assertThat(first.rows().get(0).fields()).containsExactly(
                new Field("I32_VAL", 1), new Field("I64_VAL", 10000000000L), new Field("DOUBLE_VAL", 1.5),
                new Field("DOUBLE_VAL", 2.5), new Field("BOOL_VAL", true), new Field("STRING_VAL", "one"),
                new Field("STRING_VAL", "2024-01-02"), new Field("STRING_VAL", "2024-01-02 03:04:05"),
                new Field("STRING_VAL", "12.34"), new Field("I32_VAL", 7));
        assertThat(first.rows().get(1).fields()).extracting(Field::value)
                .containsExactly(2, null, null, null, null, null, null, null, null, null);
        assertThat(first.rows().get(1).fields()).extracting(Field::dataType).containsExactly("I32_VAL", "I64_VAL",
                "DOUBLE_VAL", "DOUBLE_VAL", "BOOL_VAL", "STRING_VAL", "STRING_VAL", "STRING_VAL", "STRING_VAL",
                "I32_VAL");
        assertThat(ids(rowSet(select, "?maxrows=2&fetchorientation=FETCH_NEXT"))).containsExactly(3, 4);
        assertThat(ids(rowSet(select, "?maxrows=2"))).containsExactly(5);
        ResultRowSet exhausted = rowSet(select, "?maxrows=2");
        assertThat(exhausted.rows()).isEmpty();
        assertThat(exhausted.rowCount()).isZero();
        assertThat(ids(rowSet(select, "?maxrows=2&fetchorientation=FETCH_FIRST"))).containsExactly(1, 2);
        assertThat(ids(rowSet(select, "?maxrows=3"))).containsExactly(3, 4, 5);
        assertThat(ids(rowSet(select, "?maxrows=2&fetchorientation=FETCH_PRIOR"))).containsExactly(1, 2);
    }

    @Test
    void theSameOffsetAnswersTheSamePageAnyNumberOfTimes() {
        String select = execute(session, "SELECT g AS n FROM generate_series(1, 10) g");

        assertThat(ids(rowSet(select, "?maxrows=3&offset=3"))).containsExactly(4, 5, 6);
        assertThat(ids(rowSet(select, "?maxrows=3&offset=3"))).containsExactly(4, 5, 6);
        assertThat(ids(rowSet(select, "?maxrows=3&offset=0"))).containsExactly(1, 2, 3);
        assertThat(ids(rowSet(select, "?maxrows=3"))).containsExactly(4, 5, 6);
        assertThat(ids(rowSet(select, "?maxrows=100&offset=8"))).containsExactly(9, 10);
    }

    @Test
    void ddlAndDmlAnswerOneResultColumnWithTheUpdateCount() {
        String table = TestInfrastructure.uniqueName("counted");
        String create = execute(session, "CREATE TABLE " + table + " (id int)");
        String insert = execute(session, "INSERT INTO " + table + " SELECT generate_series(1, 3)");

        ResultSetMetaData metadata = read(get("/api/v1/operations/" + insert + "/resultsetmetadata"), 200,
                ResultSetMetaData.class);
        assertThat(metadata.columns()).singleElement().satisfies(column -> {
            assertThat(column.columnName()).isEqualTo("result");
            assertThat(column.dataType()).isEqualTo("INT_TYPE");
        });
        assertThat(rowSet(insert, "").rows()).containsExactly(new Row(List.of(new Field("I32_VAL", 3))));
        assertThat(rowSet(insert, "").rows()).isEmpty();
        assertThat(rowSet(create, "").rows()).containsExactly(new Row(List.of(new Field("I32_VAL", 0))));
    }

    @Test
    void asyncStatementIsPolledUntilFinished() {
        String operation = submit(session, "SELECT pg_sleep(0.3), 42 AS answer", true, null);

        KyuubiOperationEvent running = event(operation);
        assertThat(running.shouldRunAsync()).isTrue();
        assertThat(running.sessionId()).isEqualTo(session);
        KyuubiOperationEvent done = awaitState(operation, Set.of("FINISHED_STATE"));

        assertThat(done.completeTime()).isGreaterThanOrEqualTo(done.startTime());
        assertThat(done.exception()).isNull();
        assertThat(rowSet(operation, "").rows().get(0).fields().get(1)).isEqualTo(new Field("I32_VAL", 42));
    }

    @Test
    void cancelStopsARunningSleepAndTheSessionStaysUsable() {
        String operation = submit(session, "SELECT pg_sleep(30)", true, null);
        awaitState(operation, Set.of("RUNNING_STATE"));
        long started = System.nanoTime();

        HttpResponse<String> cancel = request("PUT", "/api/v1/operations/" + operation, "application/json",
                json(new OpActionRequest("cancel")));

        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(awaitState(operation, Set.of("CANCELED_STATE")).state()).isEqualTo("CANCELED_STATE");
        String next = execute(session, "SELECT 7 AS seven");
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
        assertThat(rowSet(next, "").rows().get(0).fields()).containsExactly(new Field("I32_VAL", 7));
        assertThat(get("/api/v1/operations/" + operation + "/rowset").statusCode()).isEqualTo(409);
    }

    @Test
    void queryTimeoutEndsTheStatementInTimedOutState() {
        String operation = submit(session, "SELECT pg_sleep(30)", true, 1L);

        KyuubiOperationEvent event = awaitState(operation, Set.of("TIMEDOUT_STATE"));

        assertThat(event.exception().message()).contains("Timeout");
        execute(session, "SELECT 1");
    }

    @Test
    void queryTimeoutInTheConfOverlayTimesTheStatementOut() {
        String operation = read(postJson("/api/v1/sessions/" + session + "/operations/statement",
                new StatementRequest("SELECT pg_sleep(30)", true, null,
                        Map.of("kyuubi.operation.query.timeout", "PT1S"))), 200, OperationHandle.class).identifier();

        KyuubiOperationEvent event = awaitState(operation, Set.of("TIMEDOUT_STATE"));

        assertThat(event.exception().message()).contains("Timeout(1 s)");
        Envelope tooShort = read(postJson("/api/v1/sessions/" + session + "/operations/statement",
                new StatementRequest("SELECT 1", false, null, Map.of("kyuubi.operation.query.timeout", "500"))),
                400, Envelope.class);
        Envelope garbled = read(postJson("/api/v1/sessions/" + session + "/operations/statement",
                new StatementRequest("SELECT 1", false, null, Map.of("kyuubi.operation.query.timeout", "soon"))),
                400, Envelope.class);
        assertThat(tooShort.message()).contains("must >= 1s");
        assertThat(garbled.message()).contains("soon");
        String unaffected = read(postJson("/api/v1/sessions/" + session + "/operations/statement",
                new StatementRequest("SELECT 1", false, null, Map.of("kyuubi.operation.query.timeout", "60000",
                        "spark.sql.shuffle.partitions", "4"))), 200, OperationHandle.class).identifier();
        assertThat(event(unaffected).state()).isEqualTo("FINISHED_STATE");
    }

    @Test
    void failingStatementEndsInErrorStateWithTheEngineMessageAndTheSessionStaysUsable() {
        String table = TestInfrastructure.uniqueName("kept");
        execute(session, "CREATE TABLE " + table + " (id int)");

        String failed = submit(session, "SELECT * FROM no_such_table_here", false, null);

        KyuubiOperationEvent event = event(failed);
        assertThat(event.state()).isEqualTo("ERROR_STATE");
        assertThat(event.exception().message()).contains("no_such_table_here");
        execute(session, "INSERT INTO " + table + " VALUES (1)");
        assertThat(ids(rowSet(execute(session, "SELECT count(*)::int FROM " + table), ""))).containsExactly(1);
    }

    @Test
    void closedOperationIsForgottenAndItsHandleAnswers404() {
        String operation = execute(session, "SELECT 1");

        HttpResponse<String> close = request("PUT", "/api/v1/operations/" + operation, "application/json",
                json(new OpActionRequest("close")));

        assertThat(close.statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/operations/" + operation + "/event").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/operations/" + operation + "/rowset").statusCode()).isEqualTo(404);
    }

    @Test
    void operationLogIsReadAsACursorAndRewoundWithFetchFirst() {
        String operation = execute(session, "SELECT 1");

        OperationLog log = read(get("/api/v1/operations/" + operation + "/log?maxrows=100"), 200,
                OperationLog.class);
        assertThat(log.rowCount()).isEqualTo(log.logRowSet().size()).isPositive();
        assertThat(String.join("\n", log.logRowSet())).contains("SELECT 1", "FINISHED_STATE");
        assertThat(read(get("/api/v1/operations/" + operation + "/log"), 200, OperationLog.class).rowCount())
                .isZero();
        assertThat(read(get("/api/v1/operations/" + operation + "/log?fetchorientation=FETCH_FIRST&maxrows=1"),
                200, OperationLog.class).rowCount()).isEqualTo(1);
        assertThat(get("/api/v1/operations/" + operation + "/log?fetchorientation=FETCH_PRIOR").statusCode())
                .isEqualTo(400);
    }

    @Test
    void unknownHandlesAndKyuubisNotFoundCasesAnswer404() {
        String unknown = "7b3c2f4e-0000-4000-8000-000000000001";
        String operation = execute(session, "SELECT 1");

        assertThat(get("/api/v1/operations/" + unknown + "/event").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/operations/bogus/event").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/operations/" + unknown + "/rowset").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/operations/" + unknown + "/log").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/operations/" + unknown + "/resultsetmetadata").statusCode()).isEqualTo(404);
        assertThat(request("PUT", "/api/v1/operations/" + unknown, "application/json",
                json(new OpActionRequest("cancel"))).statusCode()).isEqualTo(404);
        Envelope action = read(request("PUT", "/api/v1/operations/" + operation, "application/json",
                json(new OpActionRequest("explode"))), 404, Envelope.class);
        assertThat(action.message()).contains("explode");
        assertThat(get("/api/v1/operations/" + operation + "/rowset?fetchorientation=SIDEWAYS").statusCode())
                .isEqualTo(404);
        assertThat(get("/api/v1/operations/" + operation + "/rowset?maxrows=many").statusCode()).isEqualTo(404);
    }

    @Test
    void malformedOrMistypedStatementRequestsAreRefused() {
        String path = "/api/v1/sessions/" + session + "/operations/statement";

        assertThat(post(path, "application/json", "{\"statement\": ").statusCode()).isEqualTo(400);
        assertThat(post(path, "text/plain", "SELECT 1").statusCode()).isEqualTo(415);
        assertThat(postJson(path, Map.of("runAsync", true)).statusCode()).isEqualTo(400);
        assertThat(request("PUT", "/api/v1/operations/" + execute(session, "SELECT 1"), "text/plain", "cancel")
                .statusCode()).isEqualTo(415);
    }

    @Test
    void theEngineRoleCannotReadTheServicesOwnSchema() throws SQLException {
        String viaServiceDatabase = openSession(Map.of(
                "kyuubi.engine.jdbc.connection.url", engineUrl(serviceDatabase()),
                "kyuubi.engine.jdbc.connection.user", ENGINE_ROLE,
                "kyuubi.engine.jdbc.connection.password", ENGINE_ROLE));
        String attempt = submit(viaServiceDatabase, "SELECT * FROM " + SCHEMA + ".session_event", false, null);

        KyuubiOperationEvent event = event(attempt);
        assertThat(event.state()).isEqualTo("ERROR_STATE");
        assertThat(event.exception().message()).contains("permission denied");
        closeSession(viaServiceDatabase);
        try (Connection direct = DriverManager.getConnection(engineUrl(serviceDatabase()), ENGINE_ROLE, ENGINE_ROLE);
             var statement = direct.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM " + SCHEMA + ".session_event"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied for schema");
        }
    }

    @Test
    void fetchOrientationsKyuubisJdbcEngineDoesNotSupportAnswer404WithItsMessage() {
        String select = execute(session, "SELECT g FROM generate_series(1, 5) g");

        for (String orientation : List.of("FETCH_LAST", "FETCH_RELATIVE", "FETCH_ABSOLUTE")) {
            Envelope refused = read(get("/api/v1/operations/" + select + "/rowset?fetchorientation=" + orientation),
                    404, Envelope.class);
            assertThat(refused.message()).isEqualTo("Error getting result row set: The fetch type " + orientation
                    + " is not supported for this resultset");
        }
        assertThat(ids(rowSet(select, "?maxrows=2"))).containsExactly(1, 2);
    }

    @Test
    void confOverlayCapsTheResultSetsTheFetchSizeAndIgnoresWhatAJdbcEngineCannotApply() {
        String capped = read(postJson("/api/v1/sessions/" + session + "/operations/statement",
                new StatementRequest("SELECT g FROM generate_series(1, 10) g ORDER BY g", false, null, Map.of(
                        "kyuubi.operation.result.max.rows", "3",
                        "kyuubi.engine.jdbc.fetch.size", "2",
                        "spark.sql.shuffle.partitions", "4"))), 200, OperationHandle.class).identifier();

        assertThat(ids(rowSet(capped, "?maxrows=100"))).containsExactly(1, 2, 3);
        assertThat(ids(rowSet(capped, "?maxrows=100&fetchorientation=FETCH_FIRST"))).containsExactly(1, 2, 3);
        OperationLog log = read(get("/api/v1/operations/" + capped + "/log?fetchorientation=FETCH_FIRST&maxrows=100"),
                200, OperationLog.class);
        assertThat(log.logRowSet()).anySatisfy(line -> assertThat(line)
                .contains("spark.sql.shuffle.partitions").contains("ignored"));
        Envelope invalid = read(postJson("/api/v1/sessions/" + session + "/operations/statement",
                new StatementRequest("SELECT 1", false, null, Map.of("kyuubi.operation.result.max.rows", "lots"))),
                400, Envelope.class);
        assertThat(invalid.message()).contains("kyuubi.operation.result.max.rows");
    }

    @Test
    void resultMaxRowsInTheSessionsConfigsCapsEveryStatementUnlessTheOverlaySaysOtherwise() {
        String capping = openSession(Map.of("kyuubi.operation.result.max.rows", "2"));
        String capped = execute(capping, "SELECT g FROM generate_series(1, 10) g ORDER BY g");
        String widened = read(postJson("/api/v1/sessions/" + capping + "/operations/statement",
                new StatementRequest("SELECT g FROM generate_series(1, 10) g ORDER BY g", false, null,
                        Map.of("kyuubi.operation.result.max.rows", "0"))), 200, OperationHandle.class).identifier();

        assertThat(ids(rowSet(capped, "?maxrows=100"))).containsExactly(1, 2);
        assertThat(rowSet(widened, "?maxrows=100").rowCount()).isEqualTo(10);
        closeSession(capping);
    }
}
