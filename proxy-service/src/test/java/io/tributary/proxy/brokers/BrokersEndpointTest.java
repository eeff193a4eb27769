package io.tributary.proxy.brokers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.ServiceIntegrationTest;
import java.net.http.HttpResponse;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class BrokersEndpointTest extends ServiceIntegrationTest {

    @Autowired
    Admin admin;

    @Test
    void listsTheIdsOfTheBrokersInTheCluster() throws Exception {
        String ids = admin.describeCluster().nodes().get().stream().map(Node::id).sorted()
                .map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();

        HttpResponse<String> response = get("/brokers");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"brokers\":[" + ids + "]}");
    }
}
