package io.tributary.connect.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.ServiceIntegrationTest;
import java.net.http.HttpResponse;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RootEndpointTest extends ServiceIntegrationTest {

    @Autowired
    Admin admin;

    @Test
    void rootAnswersVersionCommitAndTheBrokersClusterId() throws Exception {
        String clusterId = admin.describeCluster().clusterId().get();

        HttpResponse<String> response = get("/", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"version\":\"" + AppInfoParser.getVersion() + "\",\"commit\":\""
                + AppInfoParser.getCommitId() + "\",\"kafka_cluster_id\":\"" + clusterId + "\"}");
        assertThat(AppInfoParser.getVersion()).startsWith("4.");
    }
}
