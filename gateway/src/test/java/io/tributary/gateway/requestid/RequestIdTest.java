package io.tributary.gateway.requestid;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.support.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdTest extends GatewayIntegrationTest {

    private static final String UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void createsAnIdWhenTheClientSentNone() {
        HttpResponse<String> response = get("/topics");

        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches(UUID_V4);
        assertThat(json(response).get("headers").get("x-request-id").stringValue()).isEqualTo(id);
    }

    @Test
    void keepsTheIdTheClientSent() {
        HttpResponse<String> response = send(request("/api/v1/sessions").header("X-Request-Id", "trace-42").GET().build());

        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("trace-42");
        assertThat(json(response).get("headers").get("x-request-id").stringValue()).isEqualTo("trace-42");
    }

    @Test
    void replacesAnUnusableId() {
        HttpResponse<String> response = send(request("/topics").header("X-Request-Id", "x".repeat(500)).GET().build());

        assertThat(response.headers().firstValue("X-Request-Id").orElseThrow()).matches(UUID_V4);
    }

    @Test
    void returnsTheIdOnTheGatewaysOwnErrorsToo() {
        HttpResponse<String> response = send(request("/nope").header("X-Request-Id", "trace-43").GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().allValues("X-Request-Id")).containsExactly("trace-43");
    }

    @Test
    void generatesDistinctVersionFourIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIdWebFilter.newId();
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
            assertThat(UUID.fromString(id).variant()).isEqualTo(2);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }
}
