package io.tributary.gateway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.support.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SwaggerUiTest extends GatewayIntegrationTest {

    @Test
    void servesSwaggerUi() {
        HttpResponse<String> response = get("/swagger-ui.html");

        assertThat(response.statusCode()).isIn(200, 301, 302, 307, 308);
        if (response.statusCode() != 200) {
            String location = response.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> page = get(location.replaceFirst("^https?://[^/]+", ""));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).containsIgnoringCase("swagger");
        }
    }

    @Test
    void listsEveryServicesDocumentFetchedThroughTheGateway() {
        HttpResponse<String> response = get("/v3/api-docs/swagger-config");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> urls = new ArrayList<>();
        for (JsonNode url : json(response).get("urls")) {
            urls.add(url.get("name").stringValue() + " " + url.get("url").stringValue());
        }
        assertThat(urls).containsExactlyInAnyOrder(
                "sql-service /sql/v3/api-docs",
                "proxy-service /proxy/v3/api-docs",
                "connect-service /connect/v3/api-docs",
                "session-service /kyuubi/v3/api-docs");
    }

    @Test
    void fetchesAServicesDocumentThroughItsPrefix() {
        JsonNode echo = json(get("/connect/v3/api-docs"));

        assertThat(echo.get("service").stringValue()).isEqualTo("connect-service");
        assertThat(echo.get("path").stringValue()).isEqualTo("/v3/api-docs");
        assertThat(echo.get("headers").get("x-forwarded-prefix").stringValue()).isEqualTo("/connect");
    }

    @Test
    void reportsHealthAndRoutesOnActuator() {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).get("status").stringValue()).isEqualTo("UP");

        HttpResponse<String> routes = get("/actuator/gateway/routes");
        assertThat(routes.statusCode()).isEqualTo(200);
        assertThat(routes.body()).contains("\"sql-service\"", "\"proxy-service\"", "\"connect-service\"",
                "\"session-service\"");
    }
}
