package io.tributary.gateway.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.support.GatewayIntegrationTest;
import io.tributary.gateway.support.StubUpstreams;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GatewayFailuresTest extends GatewayIntegrationTest {

    @Test
    void answersUnknownPathsWithNoRoute() {
        HttpResponse<String> response = send(request("/nope").header("Accept", "text/html").GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"error_code\":404,\"message\":\"No route for GET /nope\"}");
    }

    @Test
    void answersHeadOnUnknownPathsWithJsonHeadersAndNoBody() {
        HttpResponse<String> response = send(request("/nope")
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answersServiceUnavailableWhenTheUpstreamIsDown() {
        HttpResponse<String> response = get("/down/topics");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body())
                .isEqualTo("{\"error_code\":503,\"message\":\"Upstream down-service is unavailable\"}");
    }

    @Test
    void answersGatewayTimeoutWhenTheUpstreamIsSlowerThanTheResponseTimeout() {
        long started = System.nanoTime();
        HttpResponse<String> response = get("/sql/slow?millis=" + (RESPONSE_TIMEOUT_MILLIS * 2));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).isEqualTo(
                "{\"error_code\":504,\"message\":\"Upstream sql-service did not answer within 2s\"}");
        assertThat(took).isLessThan(Duration.ofMillis(RESPONSE_TIMEOUT_MILLIS * 2 - 300));
    }

    @Test
    void refusesBodiesOverTheLimitWithoutForwardingThem() {
        byte[] body = new byte[(MAX_REQUEST_KB + 1) * 1024];
        Arrays.fill(body, (byte) 'x');

        HttpResponse<String> response = send(request("/ksql?case=oversized")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response).get("error_code").intValue()).isEqualTo(413);
        assertThat(json(response).get("message").stringValue()).contains("permissible limit");
        assertThat(StubUpstreams.SQL.seenPaths()).doesNotContain("/ksql?case=oversized");
    }

    @Test
    void forwardsBodiesUnderTheLimit() {
        byte[] body = new byte[(MAX_REQUEST_KB - 1) * 1024];

        HttpResponse<String> response = send(request("/ksql?case=under-limit")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("bodyLength").intValue()).isEqualTo(body.length);
    }

    @Test
    void shapesMethodNotAllowedOnTheGatewaysOwnEndpoints() {
        HttpResponse<String> response = send(request("/actuator/health")
                .DELETE()
                .build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(response).get("error_code").intValue()).isEqualTo(405);
        assertThat(json(response).get("message").isString()).isTrue();
    }
}
