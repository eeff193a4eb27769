package io.tributary.proxy.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.proxy.support.ProxyIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProduceEndpointTest extends ProxyIntegrationTest {

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void producesBinaryRecordsThatAPlainConsumerReadsBack() throws Exception {
        String topic = newTopic("binary", 1);
        String body = "{\"records\":[{\"key\":\"" + b64("k1") + "\",\"value\":\"" + b64("hello") + "\"},"
                + "{\"value\":\"" + b64("world") + "\"}]}";

        HttpResponse<String> response = post("/topics/" + topic, BINARY, body, "Accept", V2);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"offsets\":["
                + "{\"partition\":0,\"offset\":0,\"error_code\":null,\"error\":null},"
                + "{\"partition\":0,\"offset\":1,\"error_code\":null,\"error\":null}],"
                + "\"key_schema_id\":null,\"value_schema_id\":null}");
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 2);
        assertThat(records).extracting(r -> text(r.key())).containsExactly("k1", null);
        assertThat(records).extracting(r -> text(r.value())).containsExactly("hello", "world");
    }

    @Test
    void theGenericV2TypeMeansBinary() throws Exception {
        String topic = newTopic("generic", 1);

        HttpResponse<String> response = post("/topics/" + topic, V2,
                "{\"records\":[{\"value\":\"" + b64("raw") + "\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(readAll(topic, 1)).extracting(r -> text(r.value())).containsExactly("raw");
    }

    @Test
    void producesJsonRecordsAsTheirJsonText() throws Exception {
        String topic = newTopic("json", 1);
        String body = "{\"records\":[{\"key\":\"user-1\",\"value\":{\"name\":\"Ada\",\"age\":36}},"
                + "{\"value\":[1,2,3]},{\"value\":null}]}";

        HttpResponse<String> response = post("/topics/" + topic, JSON_V2, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("offsets").size()).isEqualTo(3);
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic, 3);
        assertThat(records).extracting(r -> text(r.key())).containsExactly("\"user-1\"", null, null);
        assertThat(records).extracting(r -> text(r.value()))
                .containsExactly("{\"name\":\"Ada\",\"age\":36}", "[1,2,3]", null);
    }

    @Test
    void acceptsTheExplicitNullsRealClientsSend() throws Exception {
        String topic = newTopic("nulls", 2);
        String body = "{\"key_schema\":null,\"value_schema\":null,\"key_schema_id\":null,\"value_schema_id\":null,"
                + "\"records\":[{\"key\":null,\"value\":{\"a\":1},\"partition\":null}]}";

        HttpResponse<String> response = post("/topics/" + topic, JSON_V2, body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("offsets").get(0).get("error_code").isNull()).isTrue();
    }

    @Test
    void producesToThePartitionChosenByKeyHash() throws Exception {
        String topic = newTopic("keyed", 4);
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 8; i++) {
            body.append(i == 0 ? "" : ",").append("{\"key\":\"").append(b64("key-" + i))
                    .append("\",\"value\":\"").append(b64("v" + i)).append("\"}");
        }
        body.append("]}");

        HttpResponse<String> response = post("/topics/" + topic, BINARY, body.toString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode offsets = json(response).get("offsets");
        for (int i = 0; i < 8; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            int expected = Utils.toPositive(Utils.murmur2(key)) % 4;
            assertThat(offsets.get(i).get("partition").intValue()).as("record %d", i).isEqualTo(expected);
        }
    }

    @Test
    void recordsProducedTheMomentTheirTopicIsCreatedAreAllWrittenInRequestOrder() throws Exception {
        // a partition refuses produce requests until the broker has applied its creation; if a later batch of the
        // same producer got in first, the refused one could never be written after it (KAFKA-15591)
        for (int round = 0; round < 12; round++) {
            String topic = newTopic("fresh", 8);
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < 400; i++) {
                body.append(i == 0 ? "" : ",").append("{\"key\":\"").append(b64("key-" + i % 16))
                        .append("\",\"value\":\"").append(b64("v" + i)).append("\"}");
            }
            body.append("]}");

            HttpResponse<String> response = post("/topics/" + topic, BINARY, body.toString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            long[] nextOffset = new long[8];
            for (JsonNode offset : json(response).get("offsets")) {
                assertThat(offset.get("error_code").isNull()).as(offset.toString()).isTrue();
                int partition = offset.get("partition").intValue();
                assertThat(offset.get("offset").longValue()).as("round %d: %s", round, offset)
                        .isEqualTo(nextOffset[partition]++);
            }
        }
    }

    @Test
    void producesToTheRecordsOwnPartitionAndToThePartitionEndpoint() throws Exception {
        String topic = newTopic("explicit", 3);

        HttpResponse<String> perRecord = post("/topics/" + topic, BINARY,
                "{\"records\":[{\"value\":\"" + b64("a") + "\",\"partition\":2},"
                        + "{\"value\":\"" + b64("b") + "\",\"partition\":1}]}");
        HttpResponse<String> toPartition = post("/topics/" + topic + "/partitions/1", BINARY,
                "{\"records\":[{\"value\":\"" + b64("c") + "\"}]}");

        assertThat(perRecord.statusCode()).as(perRecord.body()).isEqualTo(200);
        assertThat(json(perRecord).get("offsets").get(0).get("partition").intValue()).isEqualTo(2);
        assertThat(json(perRecord).get("offsets").get(1).get("partition").intValue()).isEqualTo(1);
        assertThat(toPartition.statusCode()).as(toPartition.body()).isEqualTo(200);
        assertThat(toPartition.body()).startsWith("{\"offsets\":[{\"partition\":1,\"offset\":1,");
    }

    @Test
    void badBase64IsRejectedAndNothingIsWritten() throws Exception {
        String topic = newTopic("badb64", 1);

        HttpResponse<String> response = post("/topics/" + topic, BINARY,
                "{\"records\":[{\"value\":\"" + b64("fine") + "\"},{\"value\":\"not base64!\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(json(response).get("error_code").intValue()).isEqualTo(422);
        assertThat(json(response).get("message").asString()).contains("records[1].value");
        assertThat(recordCount(topic)).isZero();
    }

    @Test
    void unknownPartitionIsRejectedAndNothingIsWritten() throws Exception {
        String topic = newTopic("nopart", 2);

        assertError(post("/topics/" + topic + "/partitions/5", BINARY,
                "{\"records\":[{\"value\":\"" + b64("x") + "\"}]}"), 404, 40402, "Partition not found.");
        assertError(post("/topics/" + topic, BINARY,
                "{\"records\":[{\"value\":\"" + b64("x") + "\"},{\"value\":\"" + b64("y") + "\",\"partition\":9}]}"),
                404, 40402, "Partition not found.");
        assertThat(recordCount(topic)).isZero();
    }

    @Test
    void moreRecordsThanTheLimitAreRejectedAndNothingIsWritten() throws Exception {
        String topic = newTopic("toomany", 1);
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i <= 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"value\":\"AA==\"}");
        }
        body.append("]}");

        assertError(post("/topics/" + topic, BINARY, body.toString()), 413, 413,
                "Produce request size is larger than allowed threshold: 10001 records, at most 10000 allowed");
        assertThat(recordCount(topic)).isZero();
    }

    @Test
    void unknownTopicOnThePartitionEndpointAnswers40401() {
        assertError(post("/topics/no_such_topic_p/partitions/0", BINARY,
                "{\"records\":[{\"value\":\"" + b64("x") + "\"}]}"), 404, 40401, "Topic not found.");
    }

    @Test
    void anUnknownTopicIsCreatedWhenTheBrokerAutoCreatesTopics() throws Exception {
        // the test broker runs with auto.create.topics.enable=true, as Kafka does by default
        String topic = io.tributary.testkit.TestInfrastructure.uniqueName("autocreated");

        HttpResponse<String> response = post("/topics/" + topic, BINARY,
                "{\"records\":[{\"value\":\"" + b64("first") + "\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("offsets").get(0).get("offset").longValue()).isZero();
        assertThat(admin.listTopics().names().get()).contains(topic);
    }

    @Test
    void plainJsonAndMissingContentTypesAnswer415() throws Exception {
        String topic = newTopic("ctype", 1);

        HttpResponse<String> plain = post("/topics/" + topic, "application/json", "{\"records\":[]}");
        HttpResponse<String> none = post("/topics/" + topic, null, "{\"records\":[]}");

        assertThat(plain.statusCode()).isEqualTo(415);
        assertThat(json(plain).get("error_code").intValue()).isEqualTo(415);
        assertThat(none.statusCode()).isEqualTo(415);
    }

    @Test
    void malformedJsonAnswers400() throws Exception {
        String topic = newTopic("malformed", 1);

        HttpResponse<String> response = post("/topics/" + topic, BINARY, "{\"records\":[{\"value\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error_code").intValue()).isEqualTo(400);
    }

    @Test
    void aBodyOfJsonNullAnswers400LikeAMissingBody() throws Exception {
        String topic = newTopic("null-body", 1);

        HttpResponse<String> response = post("/topics/" + topic, BINARY, "null");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error_code").intValue()).isEqualTo(400);
    }
}
