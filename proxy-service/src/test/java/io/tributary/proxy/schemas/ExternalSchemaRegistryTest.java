package io.tributary.proxy.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.common.TributaryApplication;
import io.tributary.proxy.ProxyServiceApplication;
import io.tributary.proxy.support.ProxyIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * With {@code SCHEMA_REGISTRY_URL} set, schemas are registered in and looked up from that Schema Registry over its
 * HTTP API. A small registry speaking Confluent's API, served in the test, stands in for the product; a replica of
 * proxy-service configured with its URL talks to it.
 */
class ExternalSchemaRegistryTest extends ProxyIntegrationTest {

    private static final String AVRO = "application/vnd.kafka.avro.v2+json";
    private static final String PROTOBUF = "application/vnd.kafka.protobuf.v2+json";

    private static HttpServer registry;
    private static ConfigurableApplicationContext replica;
    /** What the registry holds: id → {schema, schemaType}; subject → ids in version order. */
    private static final Map<Integer, ObjectNode> SCHEMAS = new ConcurrentHashMap<>();
    private static final Map<String, List<Integer>> SUBJECTS = new ConcurrentHashMap<>();
    private static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger NEXT_ID = new AtomicInteger(1001);

    @BeforeAll
    static void startRegistryAndReplica() throws IOException {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", ExternalSchemaRegistryTest::serve);
        registry.start();
        TestInfrastructure infra = TestInfrastructure.get();
        replica = TributaryApplication.builder(ProxyServiceApplication.class, ProxyServiceApplication.NAME,
                        WebApplicationType.SERVLET)
                .run("--server.port=0", "--KAFKA_BOOTSTRAP_SERVERS=" + infra.kafkaBootstrap(),
                        "--DB_URL=" + infra.jdbcUrl(), "--DB_USER=" + infra.user(),
                        "--DB_PASSWORD=" + infra.password(), "--DB_SCHEMA=" + SCHEMA,
                        "--SCHEMA_REGISTRY_URL=http://127.0.0.1:" + registry.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.close();
        }
        if (registry != null) {
            registry.stop(0);
        }
    }

    /** Confluent's Schema Registry API, the three calls the proxy makes, with its error shape. */
    private static void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        CALLS.add(method + " " + path);
        String[] parts = path.split("/");
        try (exchange) {
            if (method.equals("POST") && parts.length == 4 && parts[1].equals("subjects")
                    && parts[3].equals("versions")) {
                assertThat(exchange.getRequestHeaders().getFirst("Content-Type"))
                        .isEqualTo("application/vnd.schemaregistry.v1+json");
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                ObjectNode stored = JSON.createObjectNode();
                stored.put("schema", body.get("schema").asString());
                if (body.has("schemaType")) {
                    stored.put("schemaType", body.get("schemaType").asString());
                }
                int id = SCHEMAS.entrySet().stream().filter(e -> e.getValue().equals(stored))
                        .map(Map.Entry::getKey).findFirst().orElseGet(() -> {
                            int next = NEXT_ID.getAndIncrement();
                            SCHEMAS.put(next, stored);
                            return next;
                        });
                List<Integer> versions = SUBJECTS.computeIfAbsent(parts[2], s -> new CopyOnWriteArrayList<>());
                if (!versions.contains(id)) {
                    versions.add(id);
                }
                answer(exchange, 200, "{\"id\":" + id + "}");
            } else if (method.equals("GET") && parts.length == 4 && parts[1].equals("schemas")
                    && parts[2].equals("ids")) {
                ObjectNode stored = SCHEMAS.get(Integer.parseInt(parts[3]));
                if (stored == null) {
                    answer(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema " + parts[3] + " not found\"}");
                } else {
                    answer(exchange, 200, JSON.writeValueAsString(stored));
                }
            } else if (method.equals("GET") && parts.length == 4 && parts[1].equals("subjects")) {
                List<Integer> ids = SUBJECTS.getOrDefault(parts[2], List.of());
                List<Integer> versions = new ArrayList<>();
                for (int i = 1; i <= ids.size(); i++) {
                    versions.add(i);
                }
                answer(exchange, 200, JSON.writeValueAsString(versions));
            } else {
                answer(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static HttpResponse<String> onReplica(String method, String path, String contentType, String body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:"
                        + replica.getEnvironment().getProperty("local.server.port") + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, headers);
    }

    @Test
    void schemasAreRegisteredInTheExternalRegistryAndRecordsCarryItsIds() throws Exception {
        String topic = newTopic("external_sr", 1);
        String schema = "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":[{\"name\":\"celsius\","
                + "\"type\":\"double\"}]}";

        HttpResponse<String> produced = onReplica("POST", "/topics/" + topic, AVRO, "{\"value_schema\":"
                + JSON.writeValueAsString(schema) + ",\"records\":[{\"value\":{\"celsius\":21.5}}]}");

        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
        int id = json(produced).get("value_schema_id").intValue();
        assertThat(SUBJECTS.get(topic + "-value")).containsExactly(id);
        assertThat(SCHEMAS.get(id).get("schema").asString()).isEqualTo(schema);
        assertThat(SCHEMAS.get(id).has("schemaType")).as("AVRO is sent as the default type").isFalse();
        byte[] value = readAll(topic, 1).get(0).value();
        assertThat(value[0]).isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void aSchemaIdKnownOnlyToTheExternalRegistryIsLookedUpThere() throws Exception {
        String topic = newTopic("external_sr_id", 1);
        int id = NEXT_ID.getAndIncrement();
        ObjectNode stored = JSON.createObjectNode();
        stored.put("schema", "syntax = \"proto3\"; message Ping { string from = 1; int32 hops = 2; }");
        stored.put("schemaType", "PROTOBUF");
        SCHEMAS.put(id, stored);

        HttpResponse<String> produced = onReplica("POST", "/topics/" + topic, PROTOBUF, "{\"value_schema_id\":" + id
                + ",\"records\":[{\"value\":{\"from\":\"a\",\"hops\":3}}]}");

        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
        assertThat(CALLS).contains("GET /schemas/ids/" + id);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 1);
        assertThat(ByteBuffer.wrap(records.get(0).value(), 1, 4).getInt()).isEqualTo(id);

        // and a protobuf consumer on the replica reads it back through the same registry
        HttpResponse<String> created = onReplica("POST", "/consumers/" + TestInfrastructure.uniqueName("group"),
                V2, "{\"format\":\"protobuf\",\"auto.offset.reset\":\"earliest\"}");
        String base = URI.create(json(created).get("base_uri").asString()).getPath();
        onReplica("POST", base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");
        List<JsonNode> read = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (read.isEmpty() && System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = onReplica("GET", base + "/records?timeout=500", null, null,
                    "Accept", PROTOBUF);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            json(response).forEach(read::add);
        }
        assertThat(JSON.writeValueAsString(read.get(0).get("value"))).isEqualTo("{\"from\":\"a\",\"hops\":3}");
        onReplica("DELETE", base, null, null);
    }

    @Test
    void anIdTheExternalRegistryDoesNotKnowIs40801() throws Exception {
        String topic = newTopic("external_sr_unknown", 1);

        HttpResponse<String> produced = onReplica("POST", "/topics/" + topic, AVRO,
                "{\"value_schema_id\":999999,\"records\":[{\"value\":1}]}");

        assertError(produced, 408, 40801, "Schema registration or lookup failed: Schema 999999 not found; "
                + "error code: 40403");
        assertThat(recordCount(topic)).isZero();
    }

    @Test
    void theSameSchemaSentAgainIsNotRegisteredAgain() throws Exception {
        String topic = newTopic("external_sr_again", 1);
        String body = "{\"value_schema\":\"\\\"string\\\"\",\"records\":[{\"value\":\"x\"}]}";

        onReplica("POST", "/topics/" + topic, AVRO, body);
        onReplica("POST", "/topics/" + topic, AVRO, body);

        assertThat(CALLS.stream().filter(c -> c.equals("POST /subjects/" + topic + "-value/versions")))
                .hasSize(1);
        assertThat(recordCount(topic)).isEqualTo(2);
    }
}
