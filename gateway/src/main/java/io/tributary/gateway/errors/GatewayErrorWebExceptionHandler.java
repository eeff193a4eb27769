package io.tributary.gateway.errors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Shapes the gateway's own failures (no route, upstream down or slow, a request refused by Spring) as the
 * error envelope. Ordered before Boot's default handler, which would answer with its own JSON or an HTML page.
 */
@Component
@Order(-2)
class GatewayErrorWebExceptionHandler implements ErrorWebExceptionHandler {

    private static final Log log = LogFactory.getLog(GatewayErrorWebExceptionHandler.class);

    private final ErrorBodyNormalizer envelopes;
    private final HttpClientProperties httpClient;

    GatewayErrorWebExceptionHandler(ErrorBodyNormalizer envelopes, HttpClientProperties httpClient) {
        this.envelopes = envelopes;
        this.httpClient = httpClient;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            // the status line is gone; all that is left is to cut the connection
            return Mono.error(error);
        }
        GatewayFailure failure = GatewayFailure.of(exchange, error, httpClient.getResponseTimeout());
        logFailure(exchange, error, failure);
        byte[] body = envelopes.envelope(failure.status(), failure.message());
        // headers copied from an upstream answer that then failed describe a body that never comes
        HttpHeaders headers = response.getHeaders();
        headers.clear();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length);
        response.setStatusCode(HttpStatusCode.valueOf(failure.status()));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static void logFailure(ServerWebExchange exchange, Throwable error, GatewayFailure failure) {
        String request = exchange.getRequest().getMethod().name() + " " + exchange.getRequest().getPath().value();
        if (failure.unexpected()) {
            log.error(request + " failed", error);
        }
        else if (failure.status() >= 500) {
            log.warn(request + " -> " + failure.status() + " " + failure.message() + " (" + error + ")");
        }
        else if (log.isDebugEnabled()) {
            log.debug(request + " -> " + failure.status() + " " + failure.message());
        }
    }
}
