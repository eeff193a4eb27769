package io.tributary.proxy.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.ServiceIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest extends ServiceIntegrationTest {

    @Test
    void describesEveryRestProxyPathForTheGatewaysSwaggerUi() {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"/topics/{topic}\"", "\"/topics/{topic}/partitions/{partition}/offsets\"",
                "\"/consumers/{group}\"", "\"/consumers/{group}/instances/{instance}/records\"",
                "\"/consumers/{group}/instances/{instance}/positions/beginning\"", "\"/brokers\"");
    }
}
