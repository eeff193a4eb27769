package io.tributary.session.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.SessionHandle;
import io.tributary.session.support.KyuubiDtos.SessionOpenRequest;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DenyListTest extends SessionServiceIntegrationTest {

    private final String admin = basicAuth(ADMIN);

    @Test
    void deniedUsersAndAddressesCannotOpenSessionsOnceTheListsAreRefreshed() throws IOException {
        String denied = TestInfrastructure.uniqueName("denied");
        String address = "203.0.113.77";
        Files.writeString(KYUUBI_DEFAULTS, "# deny lists\n"
                + "kyuubi.server.limit.connections.user.deny.list " + denied + ", nobody\n"
                + "kyuubi.server.limit.connections.ip.deny.list=" + address + "\n");
        try {
            String beforeRefresh = open("Authorization", basicAuth(denied));
            assertThat(request("DELETE", "/api/v1/sessions/" + beforeRefresh, null, null, "Authorization",
                    basicAuth(denied)).statusCode())
                    .isEqualTo(200);

            assertThat(post("/api/v1/admin/refresh/deny_users", null, "", "Authorization", admin).body())
                    .isEqualTo("Refresh the deny users successfully.");
            Envelope user = read(postJson("/api/v1/sessions", new SessionOpenRequest(Map.of()), "Authorization",
                    basicAuth(denied)), 403, Envelope.class);
            String fromAddressBeforeIpRefresh = open("X-Forwarded-For", address);
            assertThat(post("/api/v1/admin/refresh/deny_ips", null, "", "Authorization", admin).statusCode())
                    .isEqualTo(200);
            Envelope ip = read(postJson("/api/v1/sessions", new SessionOpenRequest(Map.of()), "X-Forwarded-For",
                    address), 403, Envelope.class);
            String someoneElse = open("X-Forwarded-For", "203.0.113.78");

            assertThat(user.message()).isEqualTo(
                    "Connection denied because the user is in the deny user list. (user: " + denied + ")");
            assertThat(ip.message()).isEqualTo(
                    "Connection denied because the client ip is in the deny ip list. (ipAddress: " + address + ")");
            closeSession(fromAddressBeforeIpRefresh);
            closeSession(someoneElse);
        } finally {
            Files.writeString(KYUUBI_DEFAULTS, "");
            post("/api/v1/admin/refresh/deny_users", null, "", "Authorization", admin);
            post("/api/v1/admin/refresh/deny_ips", null, "", "Authorization", admin);
        }
        closeSession(open("Authorization", basicAuth(denied)), denied);
        closeSession(open("X-Forwarded-For", address));
    }

    private String open(String header, String value) {
        return read(postJson("/api/v1/sessions", new SessionOpenRequest(Map.of()), header, value), 200,
                SessionHandle.class).identifier();
    }
}
