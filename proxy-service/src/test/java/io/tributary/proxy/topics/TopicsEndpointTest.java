package io.tributary.proxy.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.ServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class TopicsEndpointTest extends ServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Admin admin;

    @Test
    void listsTopicsCreatedOnTheBrokerAndLeavesInternalOnesOut() throws Exception {
        String topic = TestInfrastructure.uniqueName("orders");
        admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();

        // a broker lists a new topic once its metadata has caught up with the controller: ask until it has
        HttpResponse<String> response;
        List<String> topics;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        do {
            response = get("/topics", "Accept",
                    "application/vnd.kafka.v2+json, application/vnd.kafka+json; q=0.9, application/json; q=0.8");
            assertThat(response.statusCode()).isEqualTo(200);
            topics = JSON.readValue(response.body(), new TypeReference<List<String>>() { });
        } while (!topics.contains(topic) && System.nanoTime() < deadline);

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.kafka.v2+json");
        assertThat(topics).contains(topic).doesNotContain("__consumer_offsets");
        assertThat(topics).isSorted();
    }

    @Test
    void answersPlainJsonWhenThatIsAllTheClientAccepts() {
        HttpResponse<String> response = get("/topics", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }
}
