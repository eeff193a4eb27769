package io.tributary.gateway.requestid;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/** Passes the request id to the upstream (HTTP and WebSocket routes alike). */
@Component
class RequestIdHeadersFilter implements HttpHeadersFilter, Ordered {

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        String id = exchange.getAttribute(RequestIdWebFilter.ATTRIBUTE);
        if (id == null || id.equals(input.getFirst(RequestIdWebFilter.HEADER))) {
            return input;
        }
        HttpHeaders withId = HttpHeaders.copyOf(input);
        withId.set(RequestIdWebFilter.HEADER, id);
        return withId;
    }

    @Override
    public int getOrder() {
        return 20;
    }
}
