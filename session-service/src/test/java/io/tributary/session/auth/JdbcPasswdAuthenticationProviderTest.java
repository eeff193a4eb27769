package io.tributary.session.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JDBC authentication against databases that misbehave: a pure unit test, no Spring context needed. */
class JdbcPasswdAuthenticationProviderTest {

    @Test
    void queryWithAPlaceholderOtherThanUserAndPasswordIsRefusedAtStartup() {
        assertThatThrownBy(() -> new JdbcPasswdAuthenticationProvider("jdbc:postgresql://127.0.0.1:1/none", "u", "p",
                "SELECT 1 FROM users WHERE name = ${user} AND pass = ${password} AND host = ${host}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unsupported placeholder in Query SQL: ${host}");
    }

    @Test
    void anAuthenticationDatabaseThatNeverAnswersFailsTheLoginWithinSecondsAndWithoutItsErrorText()
            throws IOException {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (JdbcPasswdAuthenticationProvider provider = new JdbcPasswdAuthenticationProvider(
                    "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/secret_auth_db", "auth_role", "pw",
                    "SELECT 1 FROM users WHERE name = ${user} AND pass = ${password}")) {
                long start = System.nanoTime();

                assertThatThrownBy(() -> provider.authenticate("alice", "secret"))
                        .isInstanceOf(AuthenticationException.class)
                        .hasMessage("Error validating the login of alice: Cannot get user info");

                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            }
        } finally {
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }
}
