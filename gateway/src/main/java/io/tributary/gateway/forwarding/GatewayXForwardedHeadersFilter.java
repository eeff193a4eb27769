package io.tributary.gateway.forwarding;

import io.tributary.gateway.TributaryGatewayProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells every upstream how the client reached the gateway ({@code X-Forwarded-Proto}, {@code -Host},
 * {@code -Port}, {@code -Prefix}, {@code -For}), so the URLs a service hands back point at the gateway.
 *
 * <p>Spring Cloud Gateway's own {@code XForwardedHeadersFilter} only exists once {@code trusted-proxies} is set,
 * and then trusts what clients send; here the values are the gateway's own observation unless
 * {@code tributary.gateway.trust-forwarded-headers} says a proxy in front sets them.
 */
@Component
class GatewayXForwardedHeadersFilter implements HttpHeadersFilter, Ordered {

    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";
    static final String PORT = "X-Forwarded-Port";
    static final String PREFIX = "X-Forwarded-Prefix";
    static final String FOR = "X-Forwarded-For";

    /** After {@code RemoveXForwardedHeadersFilter} (order 0), which drops whatever the client sent. */
    static final int ORDER = 10;

    private final boolean trustClient;

    GatewayXForwardedHeadersFilter(TributaryGatewayProperties properties) {
        this.trustClient = properties.trustForwardedHeaders();
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        HttpHeaders sent = request.getHeaders();
        URI original = originalUri(exchange);

        String proto = original.getScheme() != null ? original.getScheme() : "http";
        String host = sent.getFirst(HttpHeaders.HOST);
        if (host == null || host.isBlank()) {
            host = original.getPort() < 0 ? original.getHost() : original.getHost() + ":" + original.getPort();
        }
        String port = portOf(host, proto);
        String prefix = strippedPrefix(original.getRawPath(), request.getURI().getRawPath());
        String remote = remoteAddress(request.getRemoteAddress());

        if (trustClient) {
            proto = firstOr(sent, PROTO, proto);
            host = firstOr(sent, HOST, host);
            port = firstOr(sent, PORT, port);
            prefix = join(sent.getFirst(PREFIX), prefix);
            remote = sent.getFirst(FOR) != null && remote != null ? sent.getFirst(FOR) + ", " + remote
                    : firstOr(sent, FOR, remote);
        }

        HttpHeaders forwarded = HttpHeaders.copyOf(input);
        forwarded.set(PROTO, proto);
        forwarded.set(HOST, host);
        forwarded.set(PORT, port);
        if (prefix != null) {
            forwarded.set(PREFIX, prefix);
        }
        else {
            forwarded.remove(PREFIX);
        }
        if (remote != null) {
            forwarded.set(FOR, remote);
        }
        return forwarded;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The request as it arrived, before StripPrefix rewrote its path. */
    private static URI originalUri(ServerWebExchange exchange) {
        Set<URI> originals = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
        if (originals != null && !originals.isEmpty()) {
            return originals.iterator().next();
        }
        return exchange.getRequest().getURI();
    }

    /**
     * What was stripped from the front of the path: {@code /sql/info} forwarded as {@code /info} gives
     * {@code /sql}; {@code /connect} and {@code /connect/} forwarded as {@code /} give {@code /connect}.
     */
    static @Nullable String strippedPrefix(@Nullable String originalPath, @Nullable String forwardedPath) {
        if (originalPath == null || forwardedPath == null || originalPath.equals(forwardedPath)) {
            return null;
        }
        String prefix;
        if (forwardedPath.isEmpty() || forwardedPath.equals("/")) {
            prefix = originalPath.endsWith("/") ? originalPath.substring(0, originalPath.length() - 1) : originalPath;
        }
        else if (originalPath.endsWith(forwardedPath)) {
            prefix = originalPath.substring(0, originalPath.length() - forwardedPath.length());
        }
        else {
            return null;
        }
        return prefix.isEmpty() || prefix.equals("/") ? null : prefix;
    }

    static String portOf(String host, String proto) {
        int colon = host.lastIndexOf(':');
        // "[::1]" has colons but no port; "[::1]:8080" has one after the bracket
        if (colon > 0 && colon > host.lastIndexOf(']') && colon < host.length() - 1) {
            return host.substring(colon + 1);
        }
        return "https".equalsIgnoreCase(proto) || "wss".equalsIgnoreCase(proto) ? "443" : "80";
    }

    private static @Nullable String join(@Nullable String outer, @Nullable String inner) {
        if (outer == null || outer.isBlank()) {
            return inner;
        }
        String trimmed = outer.endsWith("/") ? outer.substring(0, outer.length() - 1) : outer;
        return inner == null ? trimmed : trimmed + inner;
    }

    private static @Nullable String remoteAddress(@Nullable InetSocketAddress address) {
        if (address == null) {
            return null;
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    private static @Nullable String firstOr(HttpHeaders headers, String name, @Nullable String fallback) {
        String value = headers.getFirst(name);
        return value != null && !value.isBlank() ? value : fallback;
    }
}
