package io.tributary.proxy.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.proxy.support.ProxyIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class JsonSchemaProduceAndConsumeTest extends ProxyIntegrationTest {

    private static final String JSONSCHEMA = "application/vnd.kafka.jsonschema.v2+json";
    private static final String ORDER_SCHEMA = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
            + "\"item\":{\"type\":\"string\"}},\"required\":[\"id\"]}";

    private static String quoted(String schema) {
        return "\"" + schema.replace("\"", "\\\"") + "\"";
    }

    @Test
    void writesValidatedJsonInTheConfluentWireFormat() throws Exception {
        String topic = newTopic("jsonschema", 1);

        HttpResponse<String> first = post("/topics/" + topic, JSONSCHEMA, "{\"value_schema\":" + quoted(ORDER_SCHEMA)
                + ",\"records\":[{\"value\":{\"id\":1,\"item\":\"tea\"}}]}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        int valueId = json(first).get("value_schema_id").intValue();
        HttpResponse<String> second = post("/topics/" + topic, JSONSCHEMA, "{\"value_schema_id\":" + valueId
                + ",\"records\":[{\"value\":{\"id\":2}}]}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 2);
        byte[] value = records.get(0).value();
        assertThat(value[0]).isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(valueId);
        assertThat(new String(value, 5, value.length - 5, StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":1,\"item\":\"tea\"}");
    }

    @Test
    void dataTheSchemaRejectsAnswers42203AndWritesNothing() throws Exception {
        String topic = newTopic("jsonschema_bad", 1);

        HttpResponse<String> response = post("/topics/" + topic, JSONSCHEMA, "{\"value_schema\":"
                + quoted(ORDER_SCHEMA) + ",\"records\":[{\"value\":{\"id\":1}},{\"value\":{\"item\":\"no id\"}}]}");

        assertError(response, 422, 42203, null);
        assertThat(json(response).get("message").asString()).startsWith("Conversion of JSON to Object failed: ")
                .contains("records[1].value");
        assertThat(recordCount(topic)).isZero();
    }

    @Test
    void aSchemaIdOfAnotherKindAnswers42205() throws Exception {
        String topic = newTopic("jsonschema_kind", 1);
        HttpResponse<String> avro = post("/topics/" + topic, "application/vnd.kafka.avro.v2+json",
                "{\"value_schema\":\"\\\"string\\\"\",\"records\":[{\"value\":\"x\"}]}");
        int avroId = json(avro).get("value_schema_id").intValue();

        assertError(post("/topics/" + topic, JSONSCHEMA, "{\"value_schema_id\":" + avroId
                + ",\"records\":[{\"value\":\"x\"}]}"), 422, 42205, "Invalid schema: schema " + avroId
                + " is AVRO, not JSON");
    }

    @Test
    void aJsonSchemaConsumerReadsTheRecordsBack() throws Exception {
        String topic = newTopic("jsonschema_read", 1);
        post("/topics/" + topic, JSONSCHEMA, "{\"value_schema\":" + quoted(ORDER_SCHEMA)
                + ",\"records\":[{\"value\":{\"id\":7,\"item\":\"cake\"}}]}");
        HttpResponse<String> created = post("/consumers/" + TestInfrastructure.uniqueName("group"), V2,
                "{\"format\":\"jsonschema\",\"auto.offset.reset\":\"earliest\"}");
        String base = URI.create(json(created).get("base_uri").asString()).getPath();
        post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");

        List<JsonNode> records = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (records.isEmpty() && System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = get(base + "/records?timeout=500", "Accept", JSONSCHEMA);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            json(response).forEach(records::add);
        }

        assertThat(JSON.writeValueAsString(records.get(0).get("value"))).isEqualTo("{\"id\":7,\"item\":\"cake\"}");
    }
}
