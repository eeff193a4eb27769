package io.tributary.session.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.AnotherServer;
import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.KyuubiSessionEvent;
import io.tributary.session.support.KyuubiDtos.OperationHandle;
import io.tributary.session.support.KyuubiDtos.ResultRowSet;
import io.tributary.session.support.KyuubiDtos.SessionHandle;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server with {@code kyuubi.authentication=JDBC}: every request proves its user with a password the configured
 * query accepts, so naming an administrator is no longer enough to be one. (The shared test server runs with
 * Kyuubi's default NONE, where anonymous requests are served: the other tests prove that.)
 */
class AuthenticationTest extends SessionServiceIntegrationTest {

    private static final String USERS = "SELECT 1 FROM (VALUES ('" + ADMIN + "', 'admin-secret'), "
            + "('carol', 'carol-secret')) AS users(name, pass) WHERE name = ${user} AND pass = ${password}";

    private static AnotherServer server;

    @BeforeAll
    static void startAuthenticatingServer() {
        TestInfrastructure infra = TestInfrastructure.get();
        server = new AnotherServer(SCHEMA, engineUrl(ENGINE_DATABASE), ENGINE_ROLE)
                .with("kyuubi.authentication", "JDBC")
                .with("kyuubi.authentication.jdbc.url", infra.jdbcUrl())
                .with("kyuubi.authentication.jdbc.user", infra.user())
                .with("kyuubi.authentication.jdbc.password", infra.password())
                .with("kyuubi.authentication.jdbc.query", USERS)
                .with("kyuubi.server.administrators", ADMIN)
                .start();
    }

    @AfterAll
    static void stopAuthenticatingServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void administratorNameWithoutItsPasswordIsRefused() {
        HttpResponse<String> wrongPassword = server.request("GET", "/api/v1/admin/server", null,
                "Authorization", credentials(ADMIN, "x"));
        HttpResponse<String> rightPassword = server.request("GET", "/api/v1/admin/server", null,
                "Authorization", credentials(ADMIN, "admin-secret"));

        assertThat(wrongPassword.statusCode()).isEqualTo(401);
        assertThat(wrongPassword.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Basic"));
        assertThat(JSON.readValue(wrongPassword.body(), Envelope.class).message())
                .contains("Password does not match or no such user").contains(ADMIN);
        assertThat(rightPassword.statusCode()).as(rightPassword.body()).isEqualTo(200);
    }

    @Test
    void requestsWithoutCredentialsAreRefusedOnceAuthenticationIsConfigured() {
        HttpResponse<String> anonymous = server.request("POST", "/api/v1/sessions", "{}");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readValue(anonymous.body(), Envelope.class).error_code()).isEqualTo(401);
    }

    @Test
    void authenticatedUserOwnsTheSessionAndIsNoAdministrator() {
        String carol = credentials("carol", "carol-secret");
        SessionHandle session = read(server.request("POST", "/api/v1/sessions", "{}", "Authorization", carol), 200,
                SessionHandle.class);
        KyuubiSessionEvent event = JSON.readValue(server.request("GET", "/api/v1/sessions/"
                + session.identifier(), null, "Authorization", carol).body(), KyuubiSessionEvent.class);
        HttpResponse<String> admin = server.request("GET", "/api/v1/admin/sessions", null, "Authorization", carol);
        server.request("DELETE", "/api/v1/sessions/" + session.identifier(), null, "Authorization", carol);

        assertThat(event.user()).isEqualTo("carol");
        assertThat(admin.statusCode()).isEqualTo(403);
    }

    @Test
    void resultPagesAreServedOnlyWithCredentials() {
        String carol = credentials("carol", "carol-secret");
        String session = read(server.request("POST", "/api/v1/sessions", "{}", "Authorization", carol), 200,
                SessionHandle.class).identifier();
        String operation = read(server.request("POST", "/api/v1/sessions/" + session + "/operations/statement",
                "{\"statement\": \"SELECT 42 AS answer\", \"runAsync\": false}", "Authorization", carol), 200,
                OperationHandle.class).identifier();
        String rowSet = "/api/v1/operations/" + operation + "/rowset";

        HttpResponse<String> anonymous = server.request("GET", rowSet, null);
        HttpResponse<String> wrongPassword = server.request("GET", rowSet, null, "Authorization",
                credentials("carol", "x"));
        ResultRowSet page = read(server.request("GET", rowSet, null, "Authorization", carol), 200,
                ResultRowSet.class);
        server.request("DELETE", "/api/v1/sessions/" + session, null, "Authorization", carol);

        for (HttpResponse<String> refused : List.of(anonymous, wrongPassword)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("Basic"));
            assertThat(JSON.readValue(refused.body(), Envelope.class).error_code()).isEqualTo(401);
        }
        assertThat(page.rows()).hasSize(1);
        assertThat(page.rows().get(0).fields().get(0).value()).isEqualTo(42);
    }

    private static String credentials(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
