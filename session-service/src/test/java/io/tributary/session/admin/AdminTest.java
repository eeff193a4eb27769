package io.tributary.session.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.Batch;
import io.tributary.session.support.KyuubiDtos.BatchRequest;
import io.tributary.session.support.KyuubiDtos.Count;
import io.tributary.session.support.KyuubiDtos.Engine;
import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.OperationData;
import io.tributary.session.support.KyuubiDtos.ServerData;
import io.tributary.session.support.KyuubiDtos.SessionData;
import io.tributary.session.support.KyuubiDtos.SessionHandle;
import io.tributary.session.support.KyuubiDtos.SessionOpenRequest;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminTest extends SessionServiceIntegrationTest {

    private final String admin = basicAuth(ADMIN);

    @Test
    void onlyConfiguredAdministratorsReachTheAdminResource() {
        Envelope anonymous = read(get("/api/v1/admin/sessions"), 403, Envelope.class);
        Envelope someone = read(post("/api/v1/admin/refresh/hadoop_conf", null, "",
                "Authorization", basicAuth("mallory")), 403, Envelope.class);

        assertThat(anonymous.message()).isEqualTo("anonymous is not allowed to list sessions");
        assertThat(someone.error_code()).isEqualTo(403);
        HttpResponse<String> refreshed = post("/api/v1/admin/refresh/hadoop_conf", null, "", "Authorization", admin);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(refreshed.body()).isEqualTo("Refresh the hadoop conf successfully.");
    }

    @Test
    void administratorListsAndClosesOtherUsersSessionsAndOperations() {
        String user = TestInfrastructure.uniqueName("bob");
        String session = read(postJson("/api/v1/sessions", new SessionOpenRequest(Map.of()), "Authorization",
                basicAuth(user)), 200, SessionHandle.class).identifier();
        String operation = execute(session, "SELECT 1");

        SessionData[] listed = read(get("/api/v1/admin/sessions?users=" + user, "Authorization", admin), 200,
                SessionData[].class);
        OperationData[] ops = read(get("/api/v1/admin/operations?sessionHandle=" + session, "Authorization", admin),
                200, OperationData[].class);
        HttpResponse<String> closedOp = request("DELETE", "/api/v1/admin/operations/" + operation, null, null,
                "Authorization", admin);
        HttpResponse<String> closedSession = request("DELETE", "/api/v1/admin/sessions/" + session, null, null,
                "Authorization", admin);

        assertThat(listed).extracting(SessionData::identifier).containsExactly(session);
        assertThat(ops).extracting(OperationData::identifier).containsExactly(operation);
        assertThat(closedOp.body()).isEqualTo("Operation " + operation + " is closed successfully.");
        assertThat(closedSession.body()).isEqualTo("Session " + session + " is closed successfully.");
        assertThat(get("/api/v1/operations/" + operation + "/event").statusCode()).isEqualTo(404);
        assertThat(read(get("/api/v1/admin/sessions?users=" + user, "Authorization", admin), 200,
                SessionData[].class)).isEmpty();
    }

    @Test
    void serverDescribesThisInstance() {
        ServerData[] servers = read(get("/api/v1/admin/server", "Authorization", admin), 200, ServerData[].class);

        assertThat(servers).singleElement().satisfies(server -> {
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.status()).isEqualTo("RUNNING");
        });
    }

    @Test
    void batchCountCountsBatchesOfATypeUserAndState() {
        String user = TestInfrastructure.uniqueName("counted");
        Batch first = read(postJson("/api/v1/batches", new BatchRequest("SQL", "SELECT 1", null, null, null,
                null), "Authorization", basicAuth(user)), 200, Batch.class);
        Batch second = read(postJson("/api/v1/batches", new BatchRequest("SQL", "SELECT * FROM no_such_counted",
                null, null, null, null), "Authorization", basicAuth(user)), 200, Batch.class);
        awaitBatchEnd(first.id());
        awaitBatchEnd(second.id());

        Count all = read(get("/api/v1/admin/batch/count?batchType=sql&batchUser=" + user, "Authorization", admin),
                200, Count.class);
        Count finished = read(get("/api/v1/admin/batch/count?batchType=SQL&batchUser=" + user
                + "&batchState=FINISHED", "Authorization", admin), 200, Count.class);
        Count spark = read(get("/api/v1/admin/batch/count?batchUser=" + user, "Authorization", admin), 200,
                Count.class);
        Envelope badState = read(get("/api/v1/admin/batch/count?batchState=SLEEPING", "Authorization", admin), 400,
                Envelope.class);
        Envelope notAdmin = read(get("/api/v1/admin/batch/count", "Authorization", basicAuth(user)), 403,
                Envelope.class);

        assertThat(all.count()).isEqualTo(2);
        assertThat(finished.count()).isEqualTo(1);
        assertThat(spark.count()).isZero();
        assertThat(badState.message()).contains("SLEEPING");
        assertThat(notAdmin.message()).isEqualTo(user + " is not allowed to count the batches");
    }

    @Test
    void enginesAreTheJdbcConnectionsOfAUsersSessionsAndDeletingOneClosesItsSession() {
        String user = TestInfrastructure.uniqueName("engined");
        String first = read(postJson("/api/v1/sessions", new SessionOpenRequest(Map.of()), "Authorization",
                basicAuth(user)), 200, SessionHandle.class).identifier();
        String second = read(postJson("/api/v1/sessions", new SessionOpenRequest(Map.of()), "Authorization",
                basicAuth(user)), 200, SessionHandle.class).identifier();

        Engine[] engines = read(get("/api/v1/admin/engine?hive.server2.proxy.user=" + user, "Authorization", admin),
                200, Engine[].class);
        Engine[] otherType = read(get("/api/v1/admin/engine?type=SPARK_SQL&hive.server2.proxy.user=" + user,
                "Authorization", admin), 200, Engine[].class);
        HttpResponse<String> deleted = request("DELETE", "/api/v1/admin/engine?subdomain=" + first
                + "&hive.server2.proxy.user=" + user, null, null, "Authorization", admin);
        Engine[] left = read(get("/api/v1/admin/engine?proxyUser=" + user, "Authorization", admin), 200,
                Engine[].class);
        Envelope none = read(request("DELETE", "/api/v1/admin/engine?subdomain=" + first
                + "&hive.server2.proxy.user=" + user, null, null, "Authorization", admin), 404, Envelope.class);
        Envelope notAdmin = read(get("/api/v1/admin/engine", "Authorization", basicAuth(user)), 403, Envelope.class);

        assertThat(engines).extracting(Engine::subdomain).containsExactly(first, second);
        assertThat(engines[0]).satisfies(engine -> {
            assertThat(engine.user()).isEqualTo(user);
            assertThat(engine.engineType()).isEqualTo("JDBC");
            assertThat(engine.sharelevel()).isEqualTo("CONNECTION");
            assertThat(engine.version()).isEqualTo("1.10.1");
            assertThat(engine.instance()).isNotBlank().doesNotContain("jdbc:");
            assertThat(engine.namespace()).isEqualTo("/kyuubi_1.10.1_CONNECTION_JDBC/" + user + "/" + first);
            assertThat(engine.attributes()).containsKey("kyuubi.engine.url");
        });
        assertThat(otherType).isEmpty();
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("Engine /kyuubi_1.10.1_CONNECTION_JDBC/" + user + "/" + first
                + " refId=" + first + " is deleted successfully.");
        assertThat(left).extracting(Engine::subdomain).containsExactly(second);
        assertThat(get("/api/v1/sessions/" + first + "/info/CLI_DBMS_NAME").statusCode()).isEqualTo(404);
        assertThat(none.message()).contains(user);
        assertThat(notAdmin.error_code()).isEqualTo(403);
        assertThat(request("DELETE", "/api/v1/admin/engine?proxyUser=" + user, null, null, "Authorization", admin)
                .statusCode()).isEqualTo(200);
        assertThat(read(get("/api/v1/admin/engine?proxyUser=" + user, "Authorization", admin), 200,
                Engine[].class)).isEmpty();
    }

    private void awaitBatchEnd(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Batch batch = read(get("/api/v1/batches/" + id), 200, Batch.class);
        while (!List.of("FINISHED", "ERROR").contains(batch.state()) && System.nanoTime() < deadline) {
            sleep(50);
            batch = read(get("/api/v1/batches/" + id), 200, Batch.class);
        }
        assertThat(batch.state()).isIn("FINISHED", "ERROR");
    }
}
