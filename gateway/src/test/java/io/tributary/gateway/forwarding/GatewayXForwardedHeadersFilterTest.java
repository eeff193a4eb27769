package io.tributary.gateway.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.TributaryGatewayProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;

class GatewayXForwardedHeadersFilterTest {

    @ParameterizedTest(name = "{0} forwarded as {1} stripped {2}")
    @CsvSource(nullValues = "none", value = {
            "/sql/info,            /info,          /sql",
            "/sql/info/,           /info/,         /sql",
            "/connect,             /,              /connect",
            "/connect/,            /,              /connect",
            "/kyuubi/v3/api-docs,  /v3/api-docs,   /kyuubi",
            "/topics,              /topics,        none",
            "/a/b,                 /c,             none",
    })
    void findsThePrefixThatWasStripped(String original, String forwarded, String prefix) {
        assertThat(GatewayXForwardedHeadersFilter.strippedPrefix(original, forwarded)).isEqualTo(prefix);
    }

    @ParameterizedTest(name = "{0} over {1} is port {2}")
    @CsvSource({
            "localhost:8080,   http,  8080",
            "gateway,          http,  80",
            "gateway,          https, 443",
            "[::1]:9000,       http,  9000",
            "[::1],            https, 443",
    })
    void takesThePortFromTheHostTheClientSent(String host, String proto, String port) {
        assertThat(GatewayXForwardedHeadersFilter.portOf(host, proto)).isEqualTo(port);
    }

    @Test
    void keepsAProxysForwardedHeadersWhenTrusted() {
        var filter = new GatewayXForwardedHeadersFilter(new TributaryGatewayProperties(true, DataSize.ofMegabytes(1)));

        HttpHeaders upstream = filter.filter(new HttpHeaders(), strippedExchange(request -> request
                .header("X-Forwarded-Host", "api.example.com")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", "443")
                .header("X-Forwarded-Prefix", "/tributary/")
                .header("X-Forwarded-For", "203.0.113.7")));

        assertThat(upstream.getFirst("X-Forwarded-Host")).isEqualTo("api.example.com");
        assertThat(upstream.getFirst("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(upstream.getFirst("X-Forwarded-Port")).isEqualTo("443");
        assertThat(upstream.getFirst("X-Forwarded-Prefix")).isEqualTo("/tributary/sql");
        assertThat(upstream.get("X-Forwarded-For")).isEqualTo(List.of("203.0.113.7, 10.0.0.5"));
    }

    @Test
    void replacesClientForwardedHeadersWhenNotTrusted() {
        var filter = new GatewayXForwardedHeadersFilter(new TributaryGatewayProperties(false, DataSize.ofMegabytes(1)));

        HttpHeaders upstream = filter.filter(new HttpHeaders(), strippedExchange(request -> request
                .header("X-Forwarded-Host", "api.example.com")
                .header("X-Forwarded-Prefix", "/tributary")));

        assertThat(upstream.getFirst("X-Forwarded-Host")).isEqualTo("gateway.local:8080");
        assertThat(upstream.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(upstream.getFirst("X-Forwarded-Port")).isEqualTo("8080");
        assertThat(upstream.getFirst("X-Forwarded-Prefix")).isEqualTo("/sql");
        assertThat(upstream.getFirst("X-Forwarded-For")).isEqualTo("10.0.0.5");
    }

    /** An exchange as StripPrefix leaves it: {@code /sql/info} arrived, {@code /info} goes upstream. */
    private static MockServerWebExchange strippedExchange(
            java.util.function.UnaryOperator<MockServerHttpRequest.BaseBuilder<?>> headers) {
        MockServerHttpRequest.BaseBuilder<?> builder = MockServerHttpRequest.get("http://gateway.local:8080/info")
                .header(HttpHeaders.HOST, "gateway.local:8080")
                .remoteAddress(new InetSocketAddress("10.0.0.5", 52000));
        MockServerWebExchange exchange = MockServerWebExchange.from(headers.apply(builder).build());
        LinkedHashSet<URI> originals = new LinkedHashSet<>();
        originals.add(URI.create("http://gateway.local:8080/sql/info"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR, originals);
        return exchange;
    }
}
