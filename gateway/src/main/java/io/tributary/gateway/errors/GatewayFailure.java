package io.tributary.gateway.errors;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.http.client.PrematureCloseException;

/**
 * A failure of the gateway itself, as the client is told about it: no route, an upstream that cannot be reached
 * or does not answer in time, a request Spring refused before it was routed.
 */
record GatewayFailure(int status, String message, boolean unexpected) {

    /** Route metadata naming the service behind a route, for messages; the route id otherwise. */
    static final String SERVICE_METADATA = "service";

    static GatewayFailure of(ServerWebExchange exchange, Throwable error, @Nullable Duration responseTimeout) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (error instanceof ResponseStatusException statusError) {
            return ofStatus(exchange, route, statusError, responseTimeout);
        }
        if (route != null) {
            String upstream = serviceName(route);
            // io.netty.channel.ConnectTimeoutException is a ConnectException too
            if (causedBy(error, ConnectException.class) || causedBy(error, UnknownHostException.class)) {
                return new GatewayFailure(503, "Upstream " + upstream + " is unavailable", false);
            }
            if (causedBy(error, PrematureCloseException.class)) {
                return new GatewayFailure(502, "Upstream " + upstream + " closed the connection before answering",
                        false);
            }
        }
        if (causedBy(error, DataBufferLimitException.class)) {
            return new GatewayFailure(413, ErrorBodyNormalizer.reasonPhrase(413), false);
        }
        return new GatewayFailure(500, "Internal gateway error", true);
    }

    private static GatewayFailure ofStatus(ServerWebExchange exchange, @Nullable Route route,
            ResponseStatusException error, @Nullable Duration responseTimeout) {
        int status = error.getStatusCode().value();
        if (status == 404 && route == null) {
            return new GatewayFailure(404, "No route for " + exchange.getRequest().getMethod().name() + " "
                    + exchange.getRequest().getPath().value(), false);
        }
        if (status == 504 && route != null) {
            Duration timeout = routeTimeout(route, responseTimeout);
            return new GatewayFailure(504, "Upstream " + serviceName(route) + " did not answer"
                    + (timeout != null ? " within " + format(timeout) : " in time"), false);
        }
        String reason = error.getReason();
        return new GatewayFailure(status, reason != null && !reason.isBlank() ? reason
                : ErrorBodyNormalizer.reasonPhrase(status), status >= 500);
    }

    private static String serviceName(Route route) {
        Object service = route.getMetadata().get(SERVICE_METADATA);
        return service != null ? service.toString() : route.getId();
    }

    private static @Nullable Duration routeTimeout(Route route, @Nullable Duration fallback) {
        Object millis = route.getMetadata().get("response-timeout");
        if (millis instanceof Number number) {
            return Duration.ofMillis(number.longValue());
        }
        if (millis != null) {
            try {
                return Duration.ofMillis(Long.parseLong(millis.toString()));
            }
            catch (NumberFormatException notMillis) {
                return fallback;
            }
        }
        return fallback;
    }

    private static String format(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        Throwable cause = error;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
