package io.tributary.session.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.OperationData;
import io.tributary.session.support.KyuubiDtos.ServerData;
import io.tributary.session.support.KyuubiDtos.SessionData;
import io.tributary.session.support.KyuubiDtos.SessionHandle;
import io.tributary.session.support.KyuubiDtos.SessionOpenRequest;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.http.HttpResponse;
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
}
