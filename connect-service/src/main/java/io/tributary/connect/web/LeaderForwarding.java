package io.tributary.connect.web;

import io.tributary.common.errors.ErrorEnvelope;
import io.tributary.connect.worker.ConnectWorkerProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.connect.runtime.distributed.RequestTargetException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.WebUtils;

/**
 * Requests only the leader may serve (configuration changes, restarts, offsets, task configs) reach it when they
 * land on another worker: the herder names the leader's URL, and the request is sent there as it came, with
 * {@code forward=true} on the first hop and {@code forward=false} on the second, as Connect does, so that a
 * leader change in the middle costs at most one more hop and never a loop.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class LeaderForwarding extends OncePerRequestFilter {

    private static final Set<String> FORWARDED_HEADERS = Set.of("content-type", "accept", "authorization",
            "x-connect-authorization", "x-connect-request-signature-algorithm", "idempotency-key");
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final Duration timeout;

    public LeaderForwarding(ConnectWorkerProperties properties) {
        this.timeout = properties.requestTimeout();
    }

    // Request bodies are kept as read, so that a request the leader must serve can be sent on unchanged
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean hasBody = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
        chain.doFilter(hasBody ? new ContentCachingRequestWrapper(request, 0) : request, response);
    }

    ResponseEntity<Object> forward(RequestTargetException target, HttpServletRequest request) {
        String forwardParam = request.getParameter("forward");
        if (forwardParam != null && !Boolean.parseBoolean(forwardParam)) {
            // the second hop: the worker that was named leader is not any more
            return conflict("Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
        }
        boolean mayForwardAgain = forwardParam == null;
        URI uri = UriComponentsBuilder.fromUriString(target.forwardUrl())
                .path(request.getRequestURI())
                .query(request.getQueryString())
                .replaceQueryParam("forward", mayForwardAgain)
                .build(true).toUri();
        ContentCachingRequestWrapper cached = WebUtils.getNativeRequest(request, ContentCachingRequestWrapper.class);
        byte[] body = cached == null ? new byte[0] : cached.getContentAsByteArray();
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (FORWARDED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                forwarded.header(name, request.getHeader(name));
            }
        }
        try {
            HttpResponse<byte[]> answer = HTTP.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpHeaders headers = new HttpHeaders();
            answer.headers().firstValue("Content-Type").ifPresent(type -> headers.set("Content-Type", type));
            // the leader names the connector at its own URL; the client asked this one
            answer.headers().firstValue("Location").ifPresent(location -> headers.set("Location",
                    ServletUriComponentsBuilder.fromCurrentContextPath().path(URI.create(location).getRawPath())
                            .build(true).toUriString()));
            return ResponseEntity.status(answer.statusCode()).headers(headers)
                    .body(answer.body().length == 0 ? null : answer.body());
        } catch (IOException e) {
            return conflict("Cannot complete request: the leader at " + target.forwardUrl()
                    + " could not be reached (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return conflict("Interrupted while forwarding the request to the leader");
        }
    }

    private static ResponseEntity<Object> conflict(String message) {
        return ResponseEntity.status(409).contentType(MediaType.APPLICATION_JSON).body(new ErrorEnvelope(409, message));
    }
}
