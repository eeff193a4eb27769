package io.tributary.gateway.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.support.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ForwardedHeadersTest extends GatewayIntegrationTest {

    @Test
    void tellsTheUpstreamHowTheClientReachedTheGateway() {
        JsonNode headers = upstreamHeaders("/sql/info");

        assertThat(headers.get("x-forwarded-proto").stringValue()).isEqualTo("http");
        assertThat(headers.get("x-forwarded-host").stringValue()).isEqualTo("localhost:" + port);
        assertThat(headers.get("x-forwarded-port").stringValue()).isEqualTo(String.valueOf(port));
        assertThat(headers.get("x-forwarded-prefix").stringValue()).isEqualTo("/sql");
        assertThat(headers.get("x-forwarded-for").stringValue()).isEqualTo("127.0.0.1");
    }

    @Test
    void sendsNoPrefixWhenNothingWasStripped() {
        JsonNode headers = upstreamHeaders("/topics");

        assertThat(headers.get("x-forwarded-host").stringValue()).isEqualTo("localhost:" + port);
        assertThat(headers.has("x-forwarded-prefix")).isFalse();
    }

    @Test
    void givesConnectsRootItsPrefix() {
        assertThat(upstreamHeaders("/connect").get("x-forwarded-prefix").stringValue()).isEqualTo("/connect");
        assertThat(upstreamHeaders("/connect/").get("x-forwarded-prefix").stringValue()).isEqualTo("/connect");
        assertThat(upstreamHeaders("/kyuubi/api/v1/sessions").get("x-forwarded-prefix").stringValue())
                .isEqualTo("/kyuubi");
    }

    @Test
    void overwritesForwardedHeadersSentByTheClient() {
        JsonNode headers = json(send(request("/proxy/topics")
                .header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", "443")
                .header("X-Forwarded-Prefix", "/evil")
                .header("X-Forwarded-For", "10.9.9.9")
                .GET()
                .build())).get("headers");

        assertThat(headers.get("x-forwarded-host").stringValue()).isEqualTo("localhost:" + port);
        assertThat(headers.get("x-forwarded-proto").stringValue()).isEqualTo("http");
        assertThat(headers.get("x-forwarded-port").stringValue()).isEqualTo(String.valueOf(port));
        assertThat(headers.get("x-forwarded-prefix").stringValue()).isEqualTo("/proxy");
        assertThat(headers.get("x-forwarded-for").stringValue()).isEqualTo("127.0.0.1");
    }

    @Test
    void forwardsToTheUpstreamsOwnHost() {
        JsonNode headers = upstreamHeaders("/sql/info");

        assertThat(headers.get("host").stringValue()).startsWith("127.0.0.1:");
    }

    private JsonNode upstreamHeaders(String path) {
        return json(get(path)).get("headers");
    }
}
