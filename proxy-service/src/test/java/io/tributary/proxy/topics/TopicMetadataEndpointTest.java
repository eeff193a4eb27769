package io.tributary.proxy.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.proxy.support.ProxyIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TopicMetadataEndpointTest extends ProxyIntegrationTest {

    @Test
    void describesATopicWithItsConfigsAndPartitions() throws Exception {
        String topic = io.tributary.testkit.TestInfrastructure.uniqueName("described");
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")))).all().get();

        HttpResponse<String> response = get("/topics/" + topic, "Accept", V2);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(V2);
        JsonNode body = json(response);
        assertThat(body.get("name").asString()).isEqualTo(topic);
        assertThat(body.get("configs").get("cleanup.policy").asString()).isEqualTo("compact");
        assertThat(body.get("partitions").size()).isEqualTo(2);
        JsonNode first = body.get("partitions").get(0);
        assertThat(first.get("partition").intValue()).isZero();
        int leader = first.get("leader").intValue();
        assertThat(first.get("replicas").get(0).get("broker").intValue()).isEqualTo(leader);
        assertThat(first.get("replicas").get(0).get("leader").booleanValue()).isTrue();
        assertThat(first.get("replicas").get(0).get("in_sync").booleanValue()).isTrue();
        assertThat(response.body()).startsWith("{\"name\":").contains("\"partitions\":[{\"partition\":0,\"leader\":");
    }

    @Test
    void unknownTopicAnswers40401() {
        assertError(get("/topics/no_such_topic_here"), 404, 40401, "Topic not found.");
        assertError(get("/topics/no_such_topic_here/partitions"), 404, 40401, "Topic not found.");
        assertError(get("/topics/no_such_topic_here/partitions/0/offsets"), 404, 40401, "Topic not found.");
    }

    @Test
    void listsPartitionsAndDescribesOne() throws Exception {
        String topic = newTopic("parts", 3);

        JsonNode partitions = json(get("/topics/" + topic + "/partitions"));
        assertThat(partitions.size()).isEqualTo(3);
        assertThat(partitions.get(2).get("partition").intValue()).isEqualTo(2);

        HttpResponse<String> one = get("/topics/" + topic + "/partitions/1");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).get("partition").intValue()).isEqualTo(1);
        assertThat(json(one).get("replicas").size()).isEqualTo(1);
    }

    @Test
    void unknownPartitionAnswers40402() throws Exception {
        String topic = newTopic("parts", 1);

        assertError(get("/topics/" + topic + "/partitions/7"), 404, 40402, "Partition not found.");
        assertError(get("/topics/" + topic + "/partitions/7/offsets"), 404, 40402, "Partition not found.");
        assertError(get("/topics/" + topic + "/partitions/first"), 404, 404, "HTTP 404 Not Found");
    }

    @Test
    void offsetsSummariseWhatThePartitionHolds() throws Exception {
        String topic = newTopic("offsets", 2);
        List<byte[]> values = Collections.nCopies(3, "v".getBytes(StandardCharsets.UTF_8));
        producePlain(topic, 1, null, values);

        HttpResponse<String> response = get("/topics/" + topic + "/partitions/1/offsets");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"beginning_offset\":0,\"end_offset\":3}");
        assertThat(get("/topics/" + topic + "/partitions/0/offsets").body())
                .isEqualTo("{\"beginning_offset\":0,\"end_offset\":0}");
    }
}
