package io.tributary.proxy.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.proxy.support.ProxyIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class AvroProduceAndConsumeTest extends ProxyIntegrationTest {

    private static final String AVRO = "application/vnd.kafka.avro.v2+json";
    private static final String USER_SCHEMA = "{\"type\":\"record\",\"name\":\"User\",\"fields\":["
            + "{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"age\",\"type\":\"int\"}]}";

    @Autowired
    SchemaRegistry registry;

    private static String quoted(String schema) {
        return "\"" + schema.replace("\"", "\\\"") + "\"";
    }

    @Test
    void writesAvroInTheConfluentWireFormatAndReusesTheSchemaById() throws Exception {
        String topic = newTopic("avro", 1);

        HttpResponse<String> first = post("/topics/" + topic, AVRO, "{\"key_schema\":\"\\\"string\\\"\","
                + "\"value_schema\":" + quoted(USER_SCHEMA) + ",\"records\":[{\"key\":\"u1\","
                + "\"value\":{\"name\":\"Ada\",\"age\":36}}]}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        int keyId = json(first).get("key_schema_id").intValue();
        int valueId = json(first).get("value_schema_id").intValue();
        HttpResponse<String> second = post("/topics/" + topic, AVRO, "{\"value_schema_id\":" + valueId
                + ",\"records\":[{\"value\":{\"name\":\"Grace\",\"age\":45}}]}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).get("value_schema_id").intValue()).isEqualTo(valueId);
        assertThat(json(second).get("key_schema_id").isNull()).isTrue();

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 2);
        assertThat(records).hasSize(2);
        byte[] value = records.get(0).value();
        assertThat(value[0]).isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(valueId);
        GenericRecord user = new GenericDatumReader<GenericRecord>(new Schema.Parser().parse(USER_SCHEMA))
                .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        assertThat(user.get("name").toString()).isEqualTo("Ada");
        assertThat(user.get("age")).isEqualTo(36);
        assertThat(ByteBuffer.wrap(records.get(0).key(), 1, 4).getInt()).isEqualTo(keyId);
        assertThat(registry.versions(topic + "-value")).containsExactly(1);
        assertThat(registry.versions(topic + "-key")).containsExactly(1);
    }

    @Test
    void anAvroConsumerReadsTheRecordsBackAsJson() throws Exception {
        String topic = newTopic("avro_read", 1);
        post("/topics/" + topic, AVRO, "{\"value_schema\":" + quoted(USER_SCHEMA)
                + ",\"records\":[{\"value\":{\"name\":\"Ada\",\"age\":36}},{\"value\":null}]}");
        String group = TestInfrastructure.uniqueName("group");
        HttpResponse<String> created = post("/consumers/" + group, V2,
                "{\"format\":\"avro\",\"auto.offset.reset\":\"earliest\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String base = URI.create(json(created).get("base_uri").asString()).getPath();
        post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");

        List<JsonNode> records = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (records.size() < 2 && System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = get(base + "/records?timeout=500", "Accept", AVRO);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            json(response).forEach(records::add);
        }

        assertThat(JSON.writeValueAsString(records.get(0).get("value"))).isEqualTo("{\"name\":\"Ada\",\"age\":36}");
        assertThat(records.get(1).get("value").isNull()).isTrue();
        assertError(get(base + "/records", "Accept", BINARY), 406, 40601, null);
    }

    @Test
    void valuesWithoutASchemaAnswer42202() throws Exception {
        String topic = newTopic("avro_noschema", 1);

        assertError(post("/topics/" + topic, AVRO, "{\"records\":[{\"value\":{\"name\":\"Ada\"}}]}"), 422, 42202,
                "Request includes values but does not include value schema");
        assertError(post("/topics/" + topic, AVRO, "{\"value_schema\":" + quoted(USER_SCHEMA)
                + ",\"records\":[{\"key\":\"k\",\"value\":{\"name\":\"Ada\",\"age\":1}}]}"), 422, 42201,
                "Request includes keys but does not include key schema");
    }

    @Test
    void anInvalidSchemaAnswers42205() throws Exception {
        String topic = newTopic("avro_badschema", 1);

        HttpResponse<String> response = post("/topics/" + topic, AVRO,
                "{\"value_schema\":\"{\\\"type\\\":\\\"recordo\\\"}\",\"records\":[{\"value\":1}]}");

        assertError(response, 422, 42205, null);
        assertThat(json(response).get("message").asString()).startsWith("Invalid schema: ");
    }

    @Test
    void dataThatDoesNotMatchTheSchemaAnswers42203AndWritesNothing() throws Exception {
        String topic = newTopic("avro_mismatch", 1);

        HttpResponse<String> response = post("/topics/" + topic, AVRO, "{\"value_schema\":" + quoted(USER_SCHEMA)
                + ",\"records\":[{\"value\":{\"name\":\"Ada\",\"age\":36}},{\"value\":{\"name\":\"Bob\"}}]}");

        assertError(response, 422, 42203, null);
        assertThat(json(response).get("message").asString()).startsWith("Conversion of JSON to Avro failed: ")
                .contains("records[1].value");
        assertThat(recordCount(topic)).isZero();
    }

    @Test
    void anUnknownSchemaIdAnswers40801() throws Exception {
        String topic = newTopic("avro_unknownid", 1);

        assertError(post("/topics/" + topic, AVRO, "{\"value_schema_id\":987654,\"records\":[{\"value\":1}]}"),
                408, 40801, "Schema registration or lookup failed: no schema is registered with id 987654");
    }
}
