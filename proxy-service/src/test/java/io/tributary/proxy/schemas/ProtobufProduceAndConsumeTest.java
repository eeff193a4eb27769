package io.tributary.proxy.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.util.JsonFormat;
import io.tributary.proxy.support.ProxyIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code application/vnd.kafka.protobuf.v2+json} on the real broker, records in Confluent's protobuf framing. */
class ProtobufProduceAndConsumeTest extends ProxyIntegrationTest {

    private static final String PROTOBUF = "application/vnd.kafka.protobuf.v2+json";
    private static final String KEY_SCHEMA = "syntax = \"proto3\"; message OrderKey { int64 id = 1; }";

    private static String quoted(String schema) {
        return JSON.writeValueAsString(schema);
    }

    private List<JsonNode> readThroughProxy(String topic, int expected) {
        HttpResponse<String> created = post("/consumers/" + TestInfrastructure.uniqueName("group"), V2,
                "{\"format\":\"protobuf\",\"auto.offset.reset\":\"earliest\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String base = URI.create(json(created).get("base_uri").asString()).getPath();
        post(base + "/subscription", V2, "{\"topics\":[\"" + topic + "\"]}");
        List<JsonNode> records = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (records.size() < expected && System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = get(base + "/records?timeout=500", "Accept", PROTOBUF);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            json(response).forEach(records::add);
        }
        request("DELETE", base, null, null);
        return records;
    }

    @Test
    void writesMessagesInConfluentsProtobufWireFormat() throws Exception {
        String topic = newTopic("protobuf", 1);

        HttpResponse<String> first = post("/topics/" + topic, PROTOBUF, "{\"key_schema\":" + quoted(KEY_SCHEMA)
                + ",\"value_schema\":" + quoted(ProtobufSchemasTest.ORDER) + ",\"records\":[{\"key\":{\"id\":1},"
                + "\"value\":{\"id\":1,\"customerName\":\"Ada\",\"lines\":[{\"item\":\"tea\",\"quantity\":2}],"
                + "\"tags\":{\"gift\":1},\"status\":\"PLACED\",\"placedAt\":\"2026-11-27T10:15:30Z\"}}]}");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        int keyId = json(first).get("key_schema_id").intValue();
        int valueId = json(first).get("value_schema_id").intValue();
        assertThat(keyId).isNotEqualTo(valueId);
        HttpResponse<String> second = post("/topics/" + topic, PROTOBUF, "{\"value_schema_id\":" + valueId
                + ",\"records\":[{\"value\":{\"id\":2,\"customer_name\":\"Grace\"}}]}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(json(second).get("value_schema_id").intValue()).isEqualTo(valueId);

        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 2);
        assertThat(records).hasSize(2);
        byte[] value = records.get(0).value();
        assertThat(value[0]).isZero();
        assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(valueId);
        assertThat(value[5]).as("message-indexes [0]").isZero();
        Descriptors.Descriptor order = ProtobufSchemas.parse(ProtobufSchemasTest.ORDER).getMessageTypes().get(0);
        DynamicMessage written = DynamicMessage.parseFrom(order, Arrays.copyOfRange(value, 6, value.length));
        assertThat(JsonFormat.printer().omittingInsignificantWhitespace().print(written)).isEqualTo(
                "{\"id\":\"1\",\"customerName\":\"Ada\",\"lines\":[{\"item\":\"tea\",\"quantity\":2}],"
                        + "\"tags\":{\"gift\":1},\"status\":\"PLACED\",\"placedAt\":\"2026-11-27T10:15:30Z\"}");
        byte[] key = records.get(0).key();
        assertThat(ByteBuffer.wrap(key, 1, 4).getInt()).isEqualTo(keyId);
        assertThat(records.get(1).key()).isNull();
    }

    @Test
    void aProtobufConsumerReadsMessagesBackAsJsonWithTheirDefaults() throws Exception {
        String topic = newTopic("protobuf_read", 1);
        HttpResponse<String> produced = post("/topics/" + topic, PROTOBUF, "{\"value_schema\":"
                + quoted(ProtobufSchemasTest.ORDER) + ",\"records\":[{\"value\":{\"id\":7,\"customerName\":\"Ada\","
                + "\"voucher\":{\"code\":\"X1\"}}}]}");
        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);

        List<JsonNode> records = readThroughProxy(topic, 1);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("key").isNull()).isTrue();
        assertThat(JSON.writeValueAsString(records.get(0).get("value"))).isEqualTo("{\"id\":\"7\","
                + "\"customerName\":\"Ada\",\"lines\":[],\"tags\":{},\"status\":\"STATUS_UNKNOWN\","
                + "\"voucher\":{\"code\":\"X1\"},\"signature\":\"\"}");
    }

    @Test
    void aRecordOfAnotherMessageOfTheSchemaWrittenByAPlainProducerIsReadByItsMessageIndexes() throws Exception {
        String topic = newTopic("protobuf_indexes", 1);
        HttpResponse<String> produced = post("/topics/" + topic, PROTOBUF, "{\"value_schema\":"
                + quoted(ProtobufSchemasTest.ORDER) + ",\"records\":[{\"value\":{\"id\":1}}]}");
        int valueId = json(produced).get("value_schema_id").intValue();
        Descriptors.FileDescriptor file = ProtobufSchemas.parse(ProtobufSchemasTest.ORDER);
        // a Voucher (message 1) and an Order.Line (message 0, nested 0), framed as Confluent's serializer frames them
        ByteArrayOutputStream voucher = framed(valueId, List.of(1));
        DynamicMessage.Builder v = DynamicMessage.newBuilder(file.getMessageTypes().get(1));
        JsonFormat.parser().merge("{\"code\":\"V-9\"}", v);
        voucher.writeBytes(v.build().toByteArray());
        ByteArrayOutputStream line = framed(valueId, List.of(0, 0));
        DynamicMessage.Builder l = DynamicMessage.newBuilder(file.getMessageTypes().get(0).getNestedTypes().get(0));
        JsonFormat.parser().merge("{\"item\":\"cake\",\"quantity\":3,\"price\":2.5}", l);
        line.writeBytes(l.build().toByteArray());
        producePlain(topic, 0, null, List.of(voucher.toByteArray(), line.toByteArray()));

        List<JsonNode> records = readThroughProxy(topic, 3);

        assertThat(records).extracting(r -> JSON.writeValueAsString(r.get("value"))).containsExactly(
                "{\"id\":\"1\",\"customerName\":\"\",\"lines\":[],\"tags\":{},\"status\":\"STATUS_UNKNOWN\","
                        + "\"signature\":\"\"}",
                "{\"code\":\"V-9\"}",
                "{\"item\":\"cake\",\"quantity\":3,\"price\":2.5}");
    }

    private static ByteArrayOutputStream framed(int schemaId, List<Integer> indexes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        out.writeBytes(ProtobufRecords.messageIndexes(indexes));
        return out;
    }

    @Test
    void dataTheMessageDoesNotHoldAnswers42203AndWritesNothing() throws Exception {
        String topic = newTopic("protobuf_bad", 1);

        HttpResponse<String> response = post("/topics/" + topic, PROTOBUF, "{\"value_schema\":"
                + quoted(ProtobufSchemasTest.ORDER) + ",\"records\":[{\"value\":{\"id\":1}},"
                + "{\"value\":{\"no_such_field\":true}}]}");

        assertError(response, 422, 42203, null);
        assertThat(json(response).get("message").asString()).startsWith("Conversion of JSON to Object failed: ")
                .contains("records[1].value");
        assertThat(recordCount(topic)).isZero();
    }

    @Test
    void schemaErrorsAnswerAsTheRealProxy() throws Exception {
        String topic = newTopic("protobuf_schema", 1);

        assertError(post("/topics/" + topic, PROTOBUF, "{\"value_schema\":\"message {\","
                + "\"records\":[{\"value\":{}}]}"), 422, 42205, null);
        assertError(post("/topics/" + topic, PROTOBUF, "{\"records\":[{\"value\":{\"id\":1}}]}"), 422, 42202,
                "Request includes values but does not include value schema");
        assertError(post("/topics/" + topic, PROTOBUF, "{\"value_schema\":" + quoted(KEY_SCHEMA)
                + ",\"records\":[{\"key\":{\"id\":1},\"value\":{\"id\":1}}]}"), 422, 42201,
                "Request includes keys but does not include key schema");
        HttpResponse<String> avro = post("/topics/" + topic, "application/vnd.kafka.avro.v2+json",
                "{\"value_schema\":\"\\\"string\\\"\",\"records\":[{\"value\":\"x\"}]}");
        int avroId = json(avro).get("value_schema_id").intValue();
        assertError(post("/topics/" + topic, PROTOBUF, "{\"value_schema_id\":" + avroId
                + ",\"records\":[{\"value\":{}}]}"), 422, 42205, "Invalid schema: schema " + avroId
                + " is AVRO, not PROTOBUF");
        assertThat(recordCount(topic)).isEqualTo(1);
    }
}
