package io.tributary.infra.suite;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Every service's first endpoints, called the way users call them: through the gateway. */
class SuiteThroughGatewayTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static RunningSuite suite;
    private static Admin admin;
    private static String clusterId;

    @BeforeAll
    static void startSuite() throws Exception {
        suite = RunningSuite.get();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrap()));
        clusterId = admin.describeCluster().clusterId().get();
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @Test
    void sqlServiceInfoAndHealthcheckAnswerThroughTheGateway() {
        for (String path : List.of("/info", "/sql/info")) {
            HttpResponse<String> info = get(path);
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(field(info, "KsqlServerInfo")).containsEntry("kafkaClusterId", clusterId)
                    .containsEntry("ksqlServiceId", "default_");
        }
        HttpResponse<String> health = get("/healthcheck");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health)).containsEntry("isHealthy", true);
    }

    @Test
    void proxyServiceListsRealTopicsAndBrokersThroughTheGateway() throws Exception {
        String topic = TestInfrastructure.uniqueName("suite");
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();

        HttpResponse<String> topics = get("/topics");
        assertThat(topics.statusCode()).isEqualTo(200);
        assertThat(JSON.readValue(topics.body(), new TypeReference<List<String>>() { })).contains(topic);

        for (String path : List.of("/brokers", "/proxy/brokers")) {
            HttpResponse<String> brokers = get(path);
            assertThat(brokers.statusCode()).isEqualTo(200);
            assertThat(json(brokers).get("brokers")).asList().isNotEmpty();
        }
    }

    @Test
    void connectServiceRootAnswersUnderItsPrefix() {
        HttpResponse<String> root = get("/connect/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(json(root)).containsEntry("kafka_cluster_id", clusterId).containsKeys("version", "commit");
    }

    @Test
    void sessionServiceVersionAndPingAnswerWithAndWithoutPrefix() {
        assertThat(get("/api/v1/ping").body()).isEqualTo("pong");
        assertThat(get("/kyuubi/api/v1/ping").body()).isEqualTo("pong");
        assertThat(json(get("/api/v1/version"))).containsEntry("version", "1.10.1");
    }

    @Test
    void serviceErrorsReachTheClientInTheEnvelope() {
        HttpResponse<String> unknown = get("/kyuubi/api/v1/no-such-thing");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown)).containsEntry("error_code", 404).containsKey("message");

        HttpResponse<String> ksql = get("/sql/no-such-thing");
        assertThat(ksql.statusCode()).isEqualTo(404);
        assertThat(json(ksql)).containsEntry("error_code", 40400);
    }

    @Test
    void openApiDocumentsFetchedThroughTheGatewayPointTryItOutAtTheGateway() {
        for (String prefix : List.of("/sql", "/proxy", "/connect", "/kyuubi")) {
            HttpResponse<String> docs = get(prefix + "/v3/api-docs");
            assertThat(docs.statusCode()).as(prefix).isEqualTo(200);
            List<Map<String, Object>> servers = (List<Map<String, Object>>) json(docs).get("servers");
            assertThat(servers.get(0).get("url")).isEqualTo(suite.gatewayUrl(prefix));
        }
        // what "try it out" then sends
        assertThat(get("/sql/healthcheck").statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(suite.gatewayUrl(path)))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        }
    }

    private static Map<String, Object> json(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(HttpResponse<String> response, String name) {
        return (Map<String, Object>) json(response).get(name);
    }
}
