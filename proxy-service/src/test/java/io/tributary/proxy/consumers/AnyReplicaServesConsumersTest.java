package io.tributary.proxy.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.TributaryApplication;
import io.tributary.proxy.ProxyServiceApplication;
import io.tributary.proxy.support.ProxyIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two proxy-service replicas on one broker and one database: the test's application (A) and a second one (B)
 * started here. An instance created on B is read through A; when B stops, A takes it over and goes on from the
 * group's committed offsets.
 */
class AnyReplicaServesConsumersTest extends ProxyIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    private static ConfigurableApplicationContext startReplica() {
        TestInfrastructure infra = TestInfrastructure.get();
        return TributaryApplication.builder(ProxyServiceApplication.class, ProxyServiceApplication.NAME,
                        WebApplicationType.SERVLET)
                .run("--server.port=0", "--KAFKA_BOOTSTRAP_SERVERS=" + infra.kafkaBootstrap(),
                        "--DB_URL=" + infra.jdbcUrl(), "--DB_USER=" + infra.user(),
                        "--DB_PASSWORD=" + infra.password(), "--DB_SCHEMA=" + SCHEMA);
    }

    private static HttpResponse<String> call(String method, String url, String contentType, String body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, headers);
    }

    private List<JsonNode> readThroughA(String path, String query, int expected) {
        List<JsonNode> records = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (records.size() < expected && System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = get(path + "/records?timeout=500" + query, "Accept", BINARY);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            json(response).forEach(records::add);
        }
        return records;
    }

    @Test
    void aRequestWithABodyThatFindsTheOwnerGoneIsServedWithItsBody() throws Exception {
        String topic = newTopic("takeover_body", 1);
        String group = TestInfrastructure.uniqueName("group");
        jdbc.update("INSERT INTO consumer_instance (group_name, instance_id, format, config, owner, owner_url, "
                + "subscription, last_used_at) VALUES (?, 'orphan', 'binary', '{}'::jsonb, 'crashed-replica', "
                + "'http://127.0.0.1:9', NULL, now())", group);

        HttpResponse<String> subscribed = post("/consumers/" + group + "/instances/orphan/subscription", V2,
                "{\"topics\":[\"" + topic + "\"]}");

        assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(204);
        assertThat(get("/consumers/" + group + "/instances/orphan/subscription").body()).contains(topic);
    }

    @Test
    void anInstanceWhoseOwnerCrashedIsTakenOverOnTheNextRequest() throws Exception {
        String topic = newTopic("crashed_owner", 1);
        producePlain(topic, 0, null, List.of("a".getBytes(StandardCharsets.UTF_8),
                "b".getBytes(StandardCharsets.UTF_8)));
        String group = TestInfrastructure.uniqueName("group");
        // the row a replica that died without a word leaves behind: recently used, its address refusing connections
        jdbc.update("INSERT INTO consumer_instance (group_name, instance_id, format, config, owner, owner_url, "
                + "subscription, last_used_at) VALUES (?, 'orphan', 'binary', "
                + "'{\"auto.offset.reset\":\"earliest\"}'::jsonb, 'crashed-replica', 'http://127.0.0.1:9', "
                + "?::jsonb, now())", group, "{\"topics\":[\"" + topic + "\"],\"topic_pattern\":null}");

        List<JsonNode> records = readThroughA("/consumers/" + group + "/instances/orphan", "", 2);

        assertThat(records).extracting(r -> r.get("offset").longValue()).containsExactly(0L, 1L);
        assertThat(jdbc.queryForObject("SELECT owner FROM consumer_instance WHERE group_name = ?", String.class,
                group)).startsWith("proxy-service-");
    }

    @Test
    void anInstanceCreatedOnOneReplicaIsReadThroughAnotherAndSurvivesItsOwner() throws Exception {
        String topic = newTopic("replicas", 1);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            values.add(("record-000" + i).getBytes(StandardCharsets.UTF_8));
        }
        producePlain(topic, 0, null, values);
        String group = TestInfrastructure.uniqueName("group");

        ConfigurableApplicationContext replicaB = startReplica();
        String path;
        try {
            String b = "http://localhost:" + replicaB.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> created = call("POST", b + "/consumers/" + group, V2,
                    "{\"name\":\"shared\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            path = URI.create(json(created).get("base_uri").asString()).getPath();

            // every request below reaches A, which does not hold the instance: it passes them to B
            assertThat(post(path + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}").statusCode())
                    .isEqualTo(204);
            List<JsonNode> first = readThroughA(path, "&max_bytes=30", 2);
            assertThat(first).extracting(r -> r.get("offset").longValue()).containsExactly(0L, 1L);
            assertThat(post(path + "/offsets", V2, "").statusCode()).isEqualTo(200);
            assertThat(get(path + "/subscription").body()).isEqualTo("{\"topics\":[\"" + topic + "\"]}");
        } finally {
            replicaB.close();
        }

        // B is gone: A takes the instance over, with its subscription, from the committed offsets
        List<JsonNode> rest = readThroughA(path, "", 2);
        assertThat(rest).extracting(r -> r.get("offset").longValue()).containsExactly(2L, 3L);
        assertThat(get(path + "/subscription").body()).isEqualTo("{\"topics\":[\"" + topic + "\"]}");
        assertThat(request("DELETE", path, null, null).statusCode()).isEqualTo(204);
    }
}
