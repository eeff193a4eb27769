package io.tributary.gateway.errors;

import io.tributary.gateway.TributaryGatewayProperties;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The one place error bodies are normalised. A web filter rather than a gateway {@code GlobalFilter} so that it
 * covers everything the gateway answers: routed upstream answers, the gateway's own filters (RequestSize's 413
 * sets the status and completes with no body) and its local endpoints (actuator, Swagger UI).
 */
@Component
class ErrorEnvelopeWebFilter implements WebFilter, Ordered {

    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final ErrorBodyNormalizer normalizer;
    private final int maxBodyBytes;

    ErrorEnvelopeWebFilter(ErrorBodyNormalizer normalizer, TributaryGatewayProperties properties) {
        this.normalizer = normalizer;
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE, properties.maxErrorBodySize().toBytes());
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        EnvelopingResponse response = new EnvelopingResponse(exchange.getResponse(), normalizer, maxBodyBytes);
        return chain.filter(exchange.mutate().response(response).build())
                .then(Mono.defer(response::completeIfUnwritten));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
