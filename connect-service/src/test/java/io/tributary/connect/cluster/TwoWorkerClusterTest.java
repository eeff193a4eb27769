package io.tributary.connect.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.TributaryApplication;
import io.tributary.connect.ConnectApiTest;
import io.tributary.connect.ConnectServiceApplication;
import io.tributary.connect.worker.EmbeddedConnectWorker;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A second connect-service in the same worker group: one Connect cluster, requests served by its leader. */
class TwoWorkerClusterTest extends ConnectApiTest {

    @Autowired
    EmbeddedConnectWorker worker;

    @Test
    @SuppressWarnings("unchecked")
    void aRequestToTheFollowerIsServedByTheLeader() throws Exception {
        try (ConfigurableApplicationContext second = TributaryApplication.builder(ConnectServiceApplication.class,
                        ConnectServiceApplication.NAME, WebApplicationType.SERVLET)
                .properties(Map.of("KAFKA_BOOTSTRAP_SERVERS", infra().kafkaBootstrap(),
                        "DB_URL", infra().jdbcUrl(), "DB_USER", infra().user(), "DB_PASSWORD", infra().password(),
                        "DB_SCHEMA", SCHEMA))
                .run("--server.port=0")) {
            EmbeddedConnectWorker other = second.getBean(EmbeddedConnectWorker.class);
            assertThat(other.properties().groupId()).isEqualTo(worker.properties().groupId());
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> other.isReady() && worker.isReady() && (worker.isLeader() ^ other.isLeader()));
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            int followerPort = worker.isLeader() ? secondPort : port;

            String name = unique("forwarded");
            String body = json(Map.of("name", name,
                    "config", fileSource(Files.createTempFile("f", ".txt").toString(), unique("topic"))));
            HttpResponse<String> created = send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + followerPort + "/connectors"))
                    .header("Content-Type", JSON_TYPE).POST(HttpRequest.BodyPublishers.ofString(body)));

            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.headers().firstValue("Location"))
                    .hasValue("http://localhost:" + followerPort + "/connectors/" + name);
            assertThat(map(created).get("name")).isEqualTo(name);
            assertThat(list(get("/connectors"))).contains(name);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> status = send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + secondPort + "/connectors/" + name + "/status")).GET());
                assertThat(status.statusCode()).isEqualTo(200);
                assertThat((Map<String, Object>) map(status).get("connector")).containsEntry("state", "RUNNING");
            });
            List<Object> history = list(get("/connectors/" + name + "/history"));
            assertThat(history).hasSize(1);

            // a connector whose instance runs on the follower hands its task configs to the leader over the
            // signed internal endpoint; its tasks can only start once the leader has stored them
            String followerId = "localhost:" + followerPort;
            boolean followerRunsOne = false;
            for (int i = 0; i < 6 && !followerRunsOne; i++) {
                String next = unique("spread");
                HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + followerPort + "/connectors"))
                        .header("Content-Type", JSON_TYPE).POST(HttpRequest.BodyPublishers.ofString(json(Map.of(
                                "name", next, "config",
                                fileSource(Files.createTempFile("f", ".txt").toString(), unique("topic")))))));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                awaitState(next, "RUNNING");
                Map<String, Object> status = map(get("/connectors/" + next + "/status"));
                if (followerId.equals(((Map<String, Object>) status.get("connector")).get("worker_id"))) {
                    followerRunsOne = true;
                    awaitTaskState(next, 0, "RUNNING");
                }
            }
            assertThat(followerRunsOne).as("one of six new connectors runs on the follower").isTrue();

            HttpResponse<String> deleted = send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + followerPort + "/connectors/" + name)).DELETE());
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
            assertThat(get("/connectors/" + name).statusCode()).isEqualTo(404);
        }
    }
}
