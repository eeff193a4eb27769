package io.tributary.proxy.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.proxy.support.ProxyIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

class ConsumerEndpointTest extends ProxyIntegrationTest {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ConsumerInstanceRegistry registry;

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unb64(JsonNode node) {
        return node.isNull() ? null : new String(Base64.getDecoder().decode(node.asString()), StandardCharsets.UTF_8);
    }

    /** Creates an instance and answers the path of its base URI. */
    private String createConsumer(String group, String body) {
        HttpResponse<String> response = post("/consumers/" + group, V2, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return URI.create(json(response).get("base_uri").asString()).getPath();
    }

    /** Reads through the API until {@code expected} records came back (or 20 s passed). */
    private List<JsonNode> readRecords(String base, String accept, int expected) {
        List<JsonNode> records = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (records.size() < expected && System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = get(base + "/records?timeout=500", "Accept", accept);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith(accept));
            json(response).forEach(records::add);
        }
        return records;
    }

    @Test
    void createsAnInstanceWithItsNameAndABaseUri() {
        String group = TestInfrastructure.uniqueName("group");

        HttpResponse<String> response = post("/consumers/" + group, V2,
                "{\"name\":\"reader-1\",\"format\":\"binary\",\"auto.offset.reset\":\"earliest\","
                        + "\"auto.commit.enable\":\"false\"}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"instance_id\":\"reader-1\",\"base_uri\":\"http://localhost:" + port
                + "/consumers/" + group + "/instances/reader-1\"}");
        Integer rows = jdbc.queryForObject("SELECT count(*) FROM consumer_instance WHERE group_name = ? "
                + "AND instance_id = ? AND format = 'binary' AND owner IS NOT NULL", Integer.class, group, "reader-1");
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void generatesANameWhenNoneIsGiven() {
        String group = TestInfrastructure.uniqueName("group");

        HttpResponse<String> response = post("/consumers/" + group, V2, "{}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("instance_id").asString()).startsWith("rest-consumer-");
    }

    @Test
    void baseUriPointsAtTheGatewayTheClientCalled() {
        String group = TestInfrastructure.uniqueName("group");

        HttpResponse<String> response = post("/consumers/" + group, V2, "{\"name\":\"behind-gateway\"}",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "kafka.example.com", "X-Forwarded-Port", "8443",
                "X-Forwarded-Prefix", "/proxy");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("base_uri").asString()).isEqualTo(
                "https://kafka.example.com:8443/proxy/consumers/" + group + "/instances/behind-gateway");
    }

    @Test
    void settingsMayBeNumbersAndBooleansAndTheRequestTimeoutBoundsAnEmptyRead() throws Exception {
        String topic = newTopic("quiet", 1);
        String base = createConsumer(TestInfrastructure.uniqueName("group"), "{\"format\":\"binary\","
                + "\"auto.commit.enable\":true,\"fetch.min.bytes\":1,\"consumer.request.timeout.ms\":300}");
        post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");

        long started = System.nanoTime();
        HttpResponse<String> response = get(base + "/records", "Accept", BINARY);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
        assertThat(tookMillis).isBetween(250L, 5_000L);
    }

    @Test
    void aSecondInstanceOfTheSameNameAnswers40902() {
        String group = TestInfrastructure.uniqueName("group");
        createConsumer(group, "{\"name\":\"twin\"}");

        assertError(post("/consumers/" + group, V2, "{\"name\":\"twin\"}"), 409, 40902,
                "Consumer with specified consumer ID already exists in the specified consumer group.");
    }

    @Test
    void aNameHeldByAnotherLiveReplicaIsTakenButOneLeftByAGoneProcessIsFree() {
        String group = TestInfrastructure.uniqueName("group");
        jdbc.update("INSERT INTO consumer_instance (group_name, instance_id, format, owner, last_used_at) "
                + "VALUES (?, 'held', 'binary', 'other-replica', now()), "
                + "(?, 'left-over', 'binary', 'gone-process', now() - interval '10 minutes')", group, group);

        assertError(post("/consumers/" + group, V2, "{\"name\":\"held\"}"), 409, 40902, null);
        HttpResponse<String> reused = post("/consumers/" + group, V2, "{\"name\":\"left-over\"}");

        assertThat(reused.statusCode()).as(reused.body()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT owner FROM consumer_instance WHERE group_name = ? "
                + "AND instance_id = 'left-over'", String.class, group)).startsWith("proxy-service-");
    }

    @Test
    void invalidConsumerConfigurationAnswers42204() {
        String group = TestInfrastructure.uniqueName("group");

        HttpResponse<String> response = post("/consumers/" + group, V2, "{\"auto.offset.reset\":\"sometimes\"}");

        assertError(response, 422, 42204, null);
        assertThat(json(response).get("message").asString()).startsWith("Invalid consumer configuration: ")
                .contains("auto.offset.reset");
        assertError(post("/consumers/" + group, V2, "{\"format\":\"xml\"}"), 422, 42204, null);
    }

    @Test
    void unknownInstanceAnswers40403Everywhere() {
        String base = "/consumers/nobody/instances/nothing";
        String message = "Consumer instance not found.";

        assertError(request("DELETE", base, null, null), 404, 40403, message);
        assertError(get(base + "/records", "Accept", BINARY), 404, 40403, message);
        assertError(post(base + "/subscription", V2, "{\"topics\":[\"t\"]}"), 404, 40403, message);
        assertError(get(base + "/assignments"), 404, 40403, message);
        assertError(post(base + "/offsets", V2, ""), 404, 40403, message);
        assertError(get(base + "/records?timeout=soon", "Accept", BINARY), 400, 400, null);
    }

    @Test
    void binaryRecordsProducedThroughTheApiAreReadBackThroughIt() throws Exception {
        String topic = newTopic("roundtrip_bin", 2);
        HttpResponse<String> produced = post("/topics/" + topic, BINARY, "{\"records\":["
                + "{\"key\":\"" + b64("a") + "\",\"value\":\"" + b64("one") + "\"},"
                + "{\"value\":\"" + b64("two") + "\"},"
                + "{\"key\":\"" + b64("a") + "\",\"value\":\"" + b64("three") + "\"}]}");
        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
        String group = TestInfrastructure.uniqueName("group");
        String base = createConsumer(group, "{\"format\":\"binary\",\"auto.offset.reset\":\"earliest\"}");

        assertThat(post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}").statusCode())
                .isEqualTo(204);
        List<JsonNode> records = readRecords(base, BINARY, 3);

        assertThat(records).extracting(r -> unb64(r.get("value")))
                .containsExactlyInAnyOrder("one", "two", "three");
        assertThat(records).allSatisfy(r -> assertThat(r.get("topic").asString()).isEqualTo(topic));
        JsonNode keyed = records.stream().filter(r -> unb64(r.get("value")).equals("three")).findFirst()
                .orElseThrow();
        assertThat(unb64(keyed.get("key"))).isEqualTo("a");
        assertThat(keyed.propertyNames()).containsExactly("topic", "key", "value", "partition", "offset");
        assertThat(get(base + "/subscription").body()).isEqualTo("{\"topics\":[\"" + topic + "\"]}");
    }

    @Test
    void jsonRecordsProducedThroughTheApiAreReadBackAsJson() throws Exception {
        String topic = newTopic("roundtrip_json", 1);
        post("/topics/" + topic, JSON_V2, "{\"records\":[{\"key\":{\"id\":1},\"value\":{\"name\":\"Ada\"}},"
                + "{\"value\":[true,null]}]}");
        String group = TestInfrastructure.uniqueName("group");
        String base = createConsumer(group, "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
        post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");

        List<JsonNode> records = readRecords(base, JSON_V2, 2);

        assertThat(JSON.writeValueAsString(records)).isEqualTo("[{\"topic\":\"" + topic
                + "\",\"key\":{\"id\":1},\"value\":{\"name\":\"Ada\"},\"partition\":0,\"offset\":0},"
                + "{\"topic\":\"" + topic + "\",\"key\":null,\"value\":[true,null],\"partition\":0,\"offset\":1}]");
    }

    @Test
    void recordsWrittenByAPlainProducerAreReadThroughTheProxy() throws Exception {
        String topic = newTopic("plain", 1);
        producePlain(topic, 0, List.of("k".getBytes(StandardCharsets.UTF_8), "k".getBytes(StandardCharsets.UTF_8)),
                List.of("x".getBytes(StandardCharsets.UTF_8), "y".getBytes(StandardCharsets.UTF_8)));
        String base = createConsumer(TestInfrastructure.uniqueName("group"), "{\"auto.offset.reset\":\"earliest\"}");
        post(base + "/subscription", V2, "{\"topic_pattern\":\"" + topic + "\"}");

        List<JsonNode> records = readRecords(base, BINARY, 2);

        assertThat(records).extracting(r -> unb64(r.get("value"))).containsExactly("x", "y");
        assertThat(records).extracting(r -> r.get("offset").longValue()).containsExactly(0L, 1L);
    }

    @Test
    void anAcceptForAnotherFormatAnswers40601() {
        String base = createConsumer(TestInfrastructure.uniqueName("group"), "{\"format\":\"json\"}");

        assertError(get(base + "/records", "Accept", BINARY), 406, 40601,
                "The requested embedded data format does not match the deserializer for this consumer instance");
        assertError(get(base + "/records", "Accept", "application/vnd.kafka.avro.v2+json"), 406, 40601, null);
    }

    @Test
    void assignedPartitionsAreReadFromThePositionsSet() throws Exception {
        String topic = newTopic("assigned", 2);
        producePlain(topic, 1, null, List.of("p1-0".getBytes(StandardCharsets.UTF_8),
                "p1-1".getBytes(StandardCharsets.UTF_8), "p1-2".getBytes(StandardCharsets.UTF_8)));
        String base = createConsumer(TestInfrastructure.uniqueName("group"), "{\"auto.offset.reset\":\"latest\"}");
        String partitions = "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":1}]}";

        assertThat(post(base + "/assignments", V2, partitions).statusCode()).isEqualTo(204);
        assertThat(get(base + "/assignments").body()).isEqualTo(
                "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":1}]}");
        assertThat(post(base + "/positions/beginning", V2, partitions).statusCode()).isEqualTo(204);
        assertThat(readRecords(base, BINARY, 3)).extracting(r -> unb64(r.get("value")))
                .containsExactly("p1-0", "p1-1", "p1-2");

        assertThat(post(base + "/positions", V2, "{\"offsets\":[{\"topic\":\"" + topic
                + "\",\"partition\":1,\"offset\":2}]}").statusCode()).isEqualTo(204);
        assertThat(readRecords(base, BINARY, 1)).extracting(r -> unb64(r.get("value"))).containsExactly("p1-2");

        assertThat(post(base + "/positions/end", V2, partitions).statusCode()).isEqualTo(204);
        HttpResponse<String> empty = get(base + "/records?timeout=200", "Accept", BINARY);
        assertThat(empty.body()).isEqualTo("[]");
    }

    @Test
    void subscribingAfterAnAssignmentAnswers40903() throws Exception {
        String topic = newTopic("exclusive", 1);
        String base = createConsumer(TestInfrastructure.uniqueName("group"), "{}");
        post(base + "/assignments", V2, "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}");

        HttpResponse<String> response = post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");

        assertError(response, 409, 40903, null);
        assertThat(json(response).get("message").asString()).startsWith("Illegal state: ");
    }

    @Test
    void committedOffsetsAreReadBackWithAGetCarryingABody() throws Exception {
        String topic = newTopic("commits", 1);
        producePlain(topic, 0, null, List.of("a".getBytes(StandardCharsets.UTF_8),
                "b".getBytes(StandardCharsets.UTF_8)));
        String group = TestInfrastructure.uniqueName("group");
        String base = createConsumer(group, "{\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}");
        post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");
        String partitions = "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}";

        assertThat(request("GET", base + "/offsets", V2, partitions).body()).isEqualTo("{\"offsets\":[]}");
        assertThat(readRecords(base, BINARY, 2)).hasSize(2);
        HttpResponse<String> commitAll = post(base + "/offsets", V2, "");
        assertThat(commitAll.statusCode()).as(commitAll.body()).isEqualTo(200);
        assertThat(request("GET", base + "/offsets", V2, partitions).body()).isEqualTo(
                "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":2,\"metadata\":\"\"}]}");

        // an explicit offset is the last record consumed: the group resumes after it
        post(base + "/offsets", V2, "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":0}]}");
        assertThat(json(request("GET", base + "/offsets", V2, partitions)).get("offsets").get(0).get("offset")
                .longValue()).isEqualTo(1);
        assertError(request("GET", base + "/offsets", null, null), 404, 40402, "Partition not found.");
    }

    @Test
    void unsubscribingLeavesNoSubscription() throws Exception {
        String topic = newTopic("unsub", 1);
        String base = createConsumer(TestInfrastructure.uniqueName("group"), "{}");
        post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");

        assertThat(request("DELETE", base + "/subscription", null, null).statusCode()).isEqualTo(204);

        assertThat(get(base + "/subscription").body()).isEqualTo("{\"topics\":[]}");
    }

    @Test
    void aDeletedInstanceIsGoneFromMemoryAndFromPostgres() {
        String group = TestInfrastructure.uniqueName("group");
        String base = createConsumer(group, "{\"name\":\"short-lived\"}");

        assertThat(request("DELETE", base, null, null).statusCode()).isEqualTo(204);

        assertError(get(base + "/subscription"), 404, 40403, "Consumer instance not found.");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM consumer_instance WHERE group_name = ?",
                Integer.class, group)).isZero();
    }

    @Test
    void idleInstancesExpireAfterTheInstanceTimeout() {
        String group = TestInfrastructure.uniqueName("group");
        String base = createConsumer(group, "{\"name\":\"idle\"}");

        registry.expireIdle(System.currentTimeMillis() + 300_001);

        assertError(get(base + "/subscription"), 404, 40403, "Consumer instance not found.");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM consumer_instance WHERE group_name = ?",
                Integer.class, group)).isZero();
    }

    @Test
    void maxBytesLimitsARecordsAnswerAndKeepsTheRestForTheNextRead() throws Exception {
        String topic = newTopic("maxbytes", 1);
        producePlain(topic, 0, null, List.of("0123456789".getBytes(StandardCharsets.UTF_8),
                "0123456789".getBytes(StandardCharsets.UTF_8), "0123456789".getBytes(StandardCharsets.UTF_8)));
        String base = createConsumer(TestInfrastructure.uniqueName("group"), "{\"auto.offset.reset\":\"earliest\"}");
        post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");

        List<JsonNode> first = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (first.isEmpty() && System.currentTimeMillis() < deadline) {
            json(get(base + "/records?timeout=500&max_bytes=25", "Accept", BINARY)).forEach(first::add);
        }

        assertThat(first).hasSize(2);
        assertThat(readRecords(base, BINARY, 1)).extracting(r -> r.get("offset").longValue()).containsExactly(2L);
    }

    @Test
    void withAutoCommitOnlyRecordsHandedOutAreCommittedSoTheNextInstanceMissesNone() throws Exception {
        String topic = newTopic("autocommit", 1);
        producePlain(topic, 0, null, List.of("0123456789".getBytes(StandardCharsets.UTF_8),
                "0123456789".getBytes(StandardCharsets.UTF_8), "0123456789".getBytes(StandardCharsets.UTF_8),
                "0123456789".getBytes(StandardCharsets.UTF_8)));
        String group = TestInfrastructure.uniqueName("group");
        String first = createConsumer(group, "{\"name\":\"a\",\"auto.offset.reset\":\"earliest\","
                + "\"auto.commit.enable\":\"true\"}");
        post(first + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");
        List<JsonNode> handedOut = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (handedOut.isEmpty() && System.currentTimeMillis() < deadline) {
            // all four are fetched from Kafka; max_bytes lets one out
            json(get(first + "/records?timeout=500&max_bytes=10", "Accept", BINARY)).forEach(handedOut::add);
        }
        assertThat(handedOut).hasSize(1);
        assertThat(request("DELETE", first, null, null).statusCode()).isEqualTo(204);

        String second = createConsumer(group, "{\"name\":\"b\",\"auto.offset.reset\":\"earliest\"}");
        post(second + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");
        assertThat(readRecords(second, BINARY, 3)).extracting(r -> r.get("offset").longValue())
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void withAutoCommitAnAnswerCutShortByMaxBytesIsCommittedWhileTheInstanceLives() throws Exception {
        String topic = newTopic("autocommitcut", 1);
        producePlain(topic, 0, null, List.of("0123456789".getBytes(StandardCharsets.UTF_8),
                "0123456789".getBytes(StandardCharsets.UTF_8), "0123456789".getBytes(StandardCharsets.UTF_8)));
        String base = createConsumer(TestInfrastructure.uniqueName("group"), "{\"auto.offset.reset\":\"earliest\","
                + "\"auto.commit.enable\":\"true\"}");
        post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");
        List<JsonNode> handedOut = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (handedOut.isEmpty() && System.currentTimeMillis() < deadline) {
            // all three are fetched from Kafka; max_bytes lets two out
            json(get(base + "/records?timeout=500&max_bytes=25", "Accept", BINARY)).forEach(handedOut::add);
        }
        assertThat(handedOut).hasSize(2);

        // the commit is asynchronous: wait for it, without closing the instance (which would commit too)
        String partitions = "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}";
        String committed = "";
        deadline = System.currentTimeMillis() + 10_000;
        while (!committed.contains("\"offset\":2") && System.currentTimeMillis() < deadline) {
            committed = request("GET", base + "/offsets", V2, partitions).body();
            Thread.sleep(100);
        }
        assertThat(committed).isEqualTo(
                "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":2,\"metadata\":\"\"}]}");
    }
}
