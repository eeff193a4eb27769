package io.tributary.sql.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.ServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class ServerInfoEndpointsTest extends ServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Admin admin;

    @Test
    void infoAnswersKsqlServerInfoWithTheBrokersClusterId() throws Exception {
        String clusterId = admin.describeCluster().clusterId().get();

        HttpResponse<String> response = get("/info", "Accept", "application/vnd.ksql.v1+json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"KsqlServerInfo\":{\"version\":\"0.29.0\",\"kafkaClusterId\":\""
                + clusterId + "\",\"ksqlServiceId\":\"default_\",\"serverStatus\":\"RUNNING\"}}");
    }

    @Test
    void healthcheckProbesMetastoreKafkaAndTheCommandRunner() {
        HttpResponse<String> response = get("/healthcheck");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"isHealthy\":true,\"details\":{\"metastore\":{\"isHealthy\":true},"
                + "\"kafka\":{\"isHealthy\":true},\"commandRunner\":{\"isHealthy\":true}},\"serverState\":\"READY\"}");
    }

    @Test
    void infoRefusesAnAcceptHeaderItCannotProduce() {
        HttpResponse<String> response = get("/info", "Accept", "text/html");

        assertThat(response.statusCode()).isEqualTo(406);
        Map<String, Object> body = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
        assertThat(body).containsEntry("error_code", 40600).containsEntry("@type", "generic_error");
    }

    @Test
    void actuatorHealthHasDatabaseAndKafkaComponents() {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
        assertThat(body).containsEntry("status", "UP");
        assertThat((Map<String, Object>) body.get("components")).containsKeys("db", "kafka");
    }

    @Test
    void openApiDocumentListsTheEndpoints() {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"/info\"", "\"/healthcheck\"");
    }
}
