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
    void recordsProducedAndConsumedThroughTheGatewayWithABaseUriThatPointsAtIt() throws Exception {
        String topic = TestInfrastructure.uniqueName("rest");
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        HttpResponse<String> produced = send("POST", "/topics/" + topic, "application/vnd.kafka.json.v2+json",
                "{\"records\":[{\"key\":\"k\",\"value\":{\"n\":1}},{\"value\":{\"n\":2}}]}");
        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
        assertThat(produced.body()).contains("\"offset\":0", "\"offset\":1");

        String group = TestInfrastructure.uniqueName("group");
        HttpResponse<String> consumer = send("POST", "/proxy/consumers/" + group, "application/vnd.kafka.v2+json",
                "{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
        assertThat(consumer.statusCode()).as(consumer.body()).isEqualTo(200);
        String baseUri = (String) json(consumer).get("base_uri");
        assertThat(baseUri).isEqualTo(suite.gatewayUrl("/proxy/consumers/" + group + "/instances/c1"));
        String instance = URI.create(baseUri).getPath();

        assertThat(send("POST", instance + "/subscription", "application/vnd.kafka.v2+json",
                "{\"topics\":[\"" + topic + "\"]}").statusCode()).isEqualTo(204);
        String records = "[]";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !records.contains("\"n\":2")) {
            records += HTTP.send(HttpRequest.newBuilder(URI.create(suite.gatewayUrl(instance + "/records?timeout=1000")))
                    .header("Accept", "application/vnd.kafka.json.v2+json").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(records).contains("\"value\":{\"n\":1}", "\"value\":{\"n\":2}");
        assertThat(send("DELETE", instance, null, null).statusCode()).isEqualTo(204);
    }

    @Test
    void connectorsAreManagedThroughTheGatewayAsWithKafkaConnect() throws Exception {
        String name = TestInfrastructure.uniqueName("lines");
        String topic = TestInfrastructure.uniqueName("lines_topic");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("tributary-suite", ".txt");
        java.nio.file.Files.writeString(file, "first\nsecond\n");
        String body = "{\"name\":\"" + name + "\",\"config\":{\"connector.class\":\"FileStreamSource\","
                + "\"file\":\"" + file + "\",\"topic\":\"" + topic + "\",\"tasks.max\":\"1\"}}";

        HttpResponse<String> created = send("POST", "/connectors", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readValue(get("/connect/connectors").body(), new TypeReference<List<String>>() { }))
                .contains(name);

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String topics = "";
        while (System.nanoTime() < deadline && !topics.contains(topic)) {
            Thread.sleep(250);
            topics = get("/connectors/" + name + "/topics").body();
        }
        assertThat(topics).as("the source wrote to its topic").contains(topic);
        assertThat(get("/connectors/" + name + "/status").body()).contains("\"state\":\"RUNNING\"");

        HttpResponse<String> duplicate = send("POST", "/connect/connectors", body);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(json(duplicate)).containsEntry("error_code", 409);

        assertThat(send("DELETE", "/connectors/" + name, null).statusCode()).isEqualTo(204);
        assertThat(get("/connectors/" + name).statusCode()).isEqualTo(404);
    }

    @Test
    void aKyuubiSessionRunsAStatementOnTheEngineThroughTheGateway() throws Exception {
        HttpResponse<String> opened = send("POST", "/api/v1/sessions", "{}");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(200);
        String session = (String) json(opened).get("identifier");

        HttpResponse<String> statement = send("POST", "/kyuubi/api/v1/sessions/" + session + "/operations/statement",
                "{\"statement\":\"SELECT 41 + 1 AS answer\",\"runAsync\":false}");
        assertThat(statement.statusCode()).as(statement.body()).isEqualTo(200);
        String operation = (String) json(statement).get("identifier");

        String state = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !state.equals("FINISHED_STATE")) {
            state = (String) json(get("/api/v1/operations/" + operation + "/event")).get("state");
            if (!state.equals("FINISHED_STATE")) {
                Thread.sleep(100);
            }
        }
        assertThat(state).isEqualTo("FINISHED_STATE");
        assertThat(get("/api/v1/operations/" + operation + "/rowset?maxrows=10").body())
                .contains("\"value\":42", "\"rowCount\":1");
        assertThat(send("DELETE", "/api/v1/sessions/" + session, null).statusCode()).isEqualTo(200);
        HttpResponse<String> gone = send("DELETE", "/api/v1/sessions/" + session, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(json(gone)).containsEntry("error_code", 404).containsKey("message");
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
    void asterixQueryServiceThroughTheGatewayHandsOutHandlesThatPointAtTheGateway() throws Exception {
        String topic = TestInfrastructure.uniqueName("suite_asterix");
        String stream = topic.toUpperCase(java.util.Locale.ROOT);
        assertThat(send("POST", "/ksql", "{\"ksql\":\"CREATE STREAM " + stream + " (ID INT, NAME STRING) WITH ("
                + "KAFKA_TOPIC='" + topic + "', VALUE_FORMAT='JSON', PARTITIONS=1);\"}").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/ksql", "{\"ksql\":\"INSERT INTO " + stream + " (ID, NAME) VALUES (1, 'ada');"
                + "INSERT INTO " + stream + " (ID, NAME) VALUES (2, 'bob');\"}").statusCode()).isEqualTo(200);

        String query = "statement=" + java.net.URLEncoder.encode("SELECT VALUE s.NAME FROM " + stream
                + " AS s WHERE s.ID > 1;", java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> immediate = send("POST", "/query/service", "application/x-www-form-urlencoded", query);
        assertThat(immediate.statusCode()).as(immediate.body()).isEqualTo(200);
        assertThat(json(immediate)).containsEntry("status", "success").containsEntry("results", List.of("bob"));

        HttpResponse<String> async = send("POST", "/query/service", "application/x-www-form-urlencoded",
                query + "&mode=async");
        String statusHandle = (String) json(async).get("handle");
        assertThat(statusHandle).startsWith(suite.gatewayUrl("/query/service/status/"));
        String resultHandle = null;
        for (int attempt = 0; attempt < 100 && resultHandle == null; attempt++) {
            Map<String, Object> status = json(HTTP.send(HttpRequest.newBuilder(URI.create(statusHandle)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString()));
            resultHandle = "success".equals(status.get("status")) ? (String) status.get("handle") : null;
            Thread.sleep(100);
        }
        assertThat(resultHandle).startsWith(suite.gatewayUrl("/query/service/result/"));
        HttpResponse<String> result = HTTP.send(HttpRequest.newBuilder(URI.create(resultHandle)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(result.body()).contains("bob").doesNotContain("ada");

        // AsterixDB's error fields reach the client with the gateway's two added
        HttpResponse<String> bad = send("POST", "/query/service", "application/x-www-form-urlencoded",
                "statement=SELEC+oops");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad)).containsEntry("status", "fatal").containsKeys("errors", "error_code", "message");
    }

    @Test
    void openApiDocumentsFetchedThroughTheGatewayPointTryItOutAtTheGateway() {
        Map<String, String> titles = Map.of("/sql", "ksqlDB REST API and AsterixDB query service",
                "/proxy", "Confluent REST Proxy API v2", "/connect", "Kafka Connect REST API",
                "/kyuubi", "Apache Kyuubi REST API v1");
        for (String prefix : List.of("/sql", "/proxy", "/connect", "/kyuubi")) {
            HttpResponse<String> docs = get(prefix + "/v3/api-docs");
            assertThat(docs.statusCode()).as(prefix).isEqualTo(200);
            List<Map<String, Object>> servers = (List<Map<String, Object>>) json(docs).get("servers");
            assertThat(servers.get(0).get("url")).isEqualTo(suite.gatewayUrl(prefix));
            assertThat(((Map<String, Object>) json(docs).get("info")).get("title")).isEqualTo(titles.get(prefix));
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

    private static HttpResponse<String> send(String method, String path, String json) {
        return send(method, path, json == null ? null : "application/json", json);
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(suite.gatewayUrl(path)))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json));
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
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
