package io.tributary.session.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.ExecPoolStatistic;
import io.tributary.session.support.KyuubiDtos.InfoDetail;
import io.tributary.session.support.KyuubiDtos.KyuubiSessionEvent;
import io.tributary.session.support.KyuubiDtos.OperationData;
import io.tributary.session.support.KyuubiDtos.SessionData;
import io.tributary.session.support.KyuubiDtos.SessionHandle;
import io.tributary.session.support.KyuubiDtos.SessionOpenCount;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class SessionsTest extends SessionServiceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void emptyBodyOpensAnAnonymousSessionThatIsListedCountedAndDescribed() {
        SessionHandle handle = read(post("/api/v1/sessions", "application/json", "{}"), 200, SessionHandle.class);

        assertThat(handle.identifier()).isNotBlank();
        assertThat(handle.kyuubiInstance()).contains(":");
        SessionData[] listed = read(get("/api/v1/sessions"), 200, SessionData[].class);
        assertThat(listed).anySatisfy(data -> {
            assertThat(data.identifier()).isEqualTo(handle.identifier());
            assertThat(data.user()).isEqualTo("anonymous");
            assertThat(data.ipAddr()).isNotBlank();
            assertThat(data.createTime()).isPositive();
        });
        assertThat(read(get("/api/v1/sessions/count"), 200, SessionOpenCount.class).openSessionCount())
                .isPositive();
        KyuubiSessionEvent event = read(get("/api/v1/sessions/" + handle.identifier()), 200,
                KyuubiSessionEvent.class);
        assertThat(event.sessionId()).isEqualTo(handle.identifier());
        assertThat(event.user()).isEqualTo("anonymous");
        assertThat(event.engineName()).isEqualTo("PostgreSQL");
        assertThat(event.endTime()).isZero();
        closeSession(handle.identifier());
    }

    @Test
    void sessionUserComesFromBasicAuthAndPasswordsAreRedacted() {
        String basic = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        SessionHandle handle = read(postJson("/api/v1/sessions", Map.of("configs", Map.of(
                "kyuubi.engine.type", "JDBC",
                "kyuubi.engine.jdbc.connection.url", engineUrl(ENGINE_DATABASE),
                "kyuubi.engine.jdbc.connection.user", ENGINE_ROLE,
                "kyuubi.engine.jdbc.connection.password", ENGINE_ROLE)), "Authorization", basic),
                200, SessionHandle.class);

        KyuubiSessionEvent event = read(get("/api/v1/sessions/" + handle.identifier()), 200,
                KyuubiSessionEvent.class);
        assertThat(event.user()).isEqualTo("alice");
        assertThat(event.conf()).containsEntry("kyuubi.engine.type", "JDBC")
                .containsEntry("kyuubi.engine.jdbc.connection.password", "*********(redacted)");
        closeSession(handle.identifier(), "alice");
    }

    @Test
    void infoTypesAreAnsweredFromTheEngine() {
        String session = openSession();

        assertThat(read(get("/api/v1/sessions/" + session + "/info/13"), 200, InfoDetail.class))
                .isEqualTo(new InfoDetail("CLI_SERVER_NAME", "PostgreSQL"));
        assertThat(read(get("/api/v1/sessions/" + session + "/info/17"), 200, InfoDetail.class))
                .isEqualTo(new InfoDetail("CLI_DBMS_NAME", "PostgreSQL"));
        assertThat(read(get("/api/v1/sessions/" + session + "/info/18"), 200, InfoDetail.class).infoValue())
                .startsWith("17");
        assertThat(get("/api/v1/sessions/" + session + "/info/4242").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/sessions/" + session + "/info/name").statusCode()).isEqualTo(404);
        closeSession(session);
    }

    @Test
    void engineTypesAndUrlsTheServerDoesNotAllowAreRefusedWith400() {
        Envelope type = read(postJson("/api/v1/sessions",
                Map.of("configs", Map.of("kyuubi.engine.type", "SPARK_SQL"))), 400, Envelope.class);
        Envelope url = read(postJson("/api/v1/sessions",
                Map.of("configs", Map.of("kyuubi.engine.jdbc.connection.url", "jdbc:h2:mem:x;password=hunter2"))),
                400, Envelope.class);
        Envelope login = read(postJson("/api/v1/sessions", Map.of("configs", Map.of(
                "kyuubi.engine.jdbc.connection.user", "no_such_role",
                "kyuubi.engine.jdbc.connection.password", "wrong"))), 400, Envelope.class);

        Envelope ownRole = read(postJson("/api/v1/sessions", Map.of("configs", Map.of(
                "kyuubi.engine.jdbc.connection.url", engineUrl(serviceDatabase()),
                "kyuubi.engine.jdbc.connection.user", infra().user()))), 400, Envelope.class);

        assertThat(type.error_code()).isEqualTo(400);
        assertThat(ownRole.message()).contains("own database role");
        assertThat(type.message()).contains("SPARK_SQL");
        assertThat(url.message()).contains("jdbc:h2:mem").doesNotContain("hunter2");
        assertThat(login.message()).contains("no_such_role");
    }

    @Test
    void closedSessionIsGoneButItsHistoryIsReadFromPostgres() {
        String session = openSession();
        execute(session, "SELECT 1");

        closeSession(session);

        HttpResponse<String> again = request("DELETE", "/api/v1/sessions/" + session, null, null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(read(get("/api/v1/sessions"), 200, SessionData[].class))
                .noneMatch(data -> data.identifier().equals(session));
        KyuubiSessionEvent history = read(get("/api/v1/sessions/" + session), 200, KyuubiSessionEvent.class);
        assertThat(history.endTime()).isPositive();
        assertThat(history.totalOperations()).isEqualTo(1);
        OperationData[] operations = read(get("/api/v1/sessions/" + session + "/operations"), 200,
                OperationData[].class);
        assertThat(operations).singleElement().satisfies(op -> {
            assertThat(op.statement()).isEqualTo("SELECT 1");
            assertThat(op.state()).isEqualTo("CLOSED_STATE");
        });
        Long recorded = jdbc.sql("SELECT count(*) FROM session_event WHERE session_id = ?::uuid")
                .param(session).query(Long.class).single();
        assertThat(recorded).isGreaterThanOrEqualTo(2);
    }

    @Test
    void onlyTheSessionOwnerOrAnAdministratorMayCloseIt() {
        String owner = io.tributary.testkit.TestInfrastructure.uniqueName("owner");
        String session = read(postJson("/api/v1/sessions", Map.of("configs", Map.of()), "Authorization",
                basicAuth(owner)), 200, SessionHandle.class).identifier();

        Envelope refused = read(request("DELETE", "/api/v1/sessions/" + session, null, null), 405, Envelope.class);

        assertThat(refused.message()).isEqualTo("anonymous is not allowed to close the session belong to " + owner);
        assertThat(read(get("/api/v1/sessions"), 200, SessionData[].class))
                .anyMatch(data -> data.identifier().equals(session));
        assertThat(request("DELETE", "/api/v1/sessions/" + session, null, null, "Authorization", basicAuth(ADMIN))
                .statusCode()).isEqualTo(200);
    }

    @Test
    void liveSessionListsItsOperations() {
        String session = openSession();
        String first = execute(session, "SELECT 1");
        String second = execute(session, "SELECT 2");

        OperationData[] operations = read(get("/api/v1/sessions/" + session + "/operations"), 200,
                OperationData[].class);

        assertThat(Arrays.stream(operations).map(OperationData::identifier)).containsExactly(first, second);
        assertThat(operations[0].state()).isEqualTo("FINISHED_STATE");
        assertThat(operations[0].sessionUser()).isEqualTo("anonymous");
        closeSession(session);
    }

    @Test
    void execPoolStatisticReportsTheExecutor() {
        ExecPoolStatistic statistic = read(get("/api/v1/sessions/execPool/statistic"), 200,
                ExecPoolStatistic.class);

        assertThat(statistic.execPoolSize()).isNotNegative();
        assertThat(statistic.execPoolActiveCount()).isNotNegative();
    }

    @Test
    void unknownSessionHandlesAnswer404() {
        String unknown = "7b3c2f4e-0000-4000-8000-000000000000";

        assertThat(get("/api/v1/sessions/" + unknown).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/sessions/not-a-handle").statusCode()).isEqualTo(404);
        assertThat(request("DELETE", "/api/v1/sessions/" + unknown, null, null).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/sessions/" + unknown + "/info/13").statusCode()).isEqualTo(404);
        assertThat(postJson("/api/v1/sessions/" + unknown + "/operations/statement",
                Map.of("statement", "SELECT 1")).statusCode()).isEqualTo(404);
        Envelope envelope = read(postJson("/api/v1/sessions/" + unknown + "/operations/catalogs", "{}"), 404,
                Envelope.class);
        assertThat(envelope.message()).contains(unknown);
    }

    @Test
    void sessionRequestWithoutBodyOrWithMalformedJsonOrWrongTypeIsA4xx() {
        assertThat(post("/api/v1/sessions", "application/json", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/sessions", "application/json", "{\"configs\": ").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/sessions", "text/plain", "{}").statusCode()).isEqualTo(415);
    }
}
