package io.tributary.connect.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.TributaryApplication;
import io.tributary.connect.ConnectApiTest;
import io.tributary.connect.ConnectServiceApplication;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A connect-service of its own Connect cluster, stopped and started again: nothing it ran is lost. */
class WorkerRestartTest extends ConnectApiTest {

    private final String group = unique("restartgroup");

    private ConfigurableApplicationContext start() {
        return TributaryApplication.builder(ConnectServiceApplication.class, ConnectServiceApplication.NAME,
                        WebApplicationType.SERVLET)
                .properties(Map.of("KAFKA_BOOTSTRAP_SERVERS", infra().kafkaBootstrap(),
                        "DB_URL", infra().jdbcUrl(), "DB_USER", infra().user(), "DB_PASSWORD", infra().password(),
                        "DB_SCHEMA", SCHEMA))
                .run("--server.port=0", "--tributary.connect.group-id=" + group);
    }

    private static HttpResponse<String> call(ConfigurableApplicationContext app, String method, String path,
            String body) {
        int appPort = ((WebServerApplicationContext) app).getWebServer().getPort();
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + appPort + path))
                .header("Content-Type", JSON_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)));
    }

    @SuppressWarnings("unchecked")
    private static String state(ConfigurableApplicationContext app, String name) {
        HttpResponse<String> status = call(app, "GET", "/connectors/" + name + "/status", null);
        return status.statusCode() != 200 ? "HTTP " + status.statusCode()
                : (String) ((Map<String, Object>) map(status).get("connector")).get("state");
    }

    @Test
    void connectorsTheirStatesAndOffsetsSurviveARestart() throws Exception {
        Path file = Files.createTempFile("restart", ".txt");
        Files.writeString(file, "a\nbb\n");
        String running = unique("keeps");
        String paused = unique("stayspaused");
        List<Object> offsetsBefore;
        try (ConfigurableApplicationContext app = start()) {
            assertThat(call(app, "POST", "/connectors", json(Map.of("name", running,
                    "config", fileSource(file.toString(), unique("t"))))).statusCode()).isEqualTo(201);
            assertThat(call(app, "POST", "/connectors", json(Map.of("name", paused, "initial_state", "PAUSED",
                    "config", fileSource(file.toString(), unique("t"))))).statusCode()).isEqualTo(201);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat((List<Object>) map(call(app, "GET", "/connectors/" + running + "/offsets", null))
                            .get("offsets")).hasSize(1));
            offsetsBefore = (List<Object>) map(call(app, "GET", "/connectors/" + running + "/offsets", null))
                    .get("offsets");
        }

        try (ConfigurableApplicationContext app = start()) {
            assertThat(list(call(app, "GET", "/connectors", null))).contains(running, paused);
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                assertThat(state(app, running)).isEqualTo("RUNNING");
                assertThat(state(app, paused)).isEqualTo("PAUSED");
            });
            assertThat(map(call(app, "GET", "/connectors/" + running + "/offsets", null)).get("offsets"))
                    .isEqualTo(offsetsBefore);
        }
    }
}
