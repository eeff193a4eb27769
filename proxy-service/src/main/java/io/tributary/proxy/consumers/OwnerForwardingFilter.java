package io.tributary.proxy.consumers;

import io.tributary.proxy.errors.RestProxyError;
import io.tributary.proxy.errors.RestProxyException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.UriUtils;
import org.springframework.web.util.UrlPathHelper;

/**
 * Lets any replica serve any consumer instance: a request for an instance another live replica holds is passed
 * to that replica and its answer passed back; an instance whose owner is gone is taken over here (the registry
 * recreates its consumer from PostgreSQL) and served. Clients need no sticky sessions.
 */
@Component
class OwnerForwardingFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(OwnerForwardingFilter.class);

    /** Set on forwarded requests, so a replica that does not hold the instance answers rather than forwards again. */
    static final String FORWARDED = "X-Tributary-Forwarded-By";

    private static final Pattern INSTANCE_PATH = Pattern.compile("^/consumers/([^/]+)/instances/([^/]+)(/.*)?$");
    private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Accept");
    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final ConsumerInstanceRegistry consumers;
    private final String advertisedUrl;
    private final HandlerExceptionResolver errors;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3))
            .build();

    OwnerForwardingFilter(ConsumerInstanceRegistry consumers,
            @Value("${tributary.proxy.advertised-url:}") String advertisedUrl,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.consumers = consumers;
        this.errors = errors;
        this.advertisedUrl = advertisedUrl;
    }

    @EventListener
    void listening(WebServerInitializedEvent event) {
        String url = advertisedUrl;
        if (url == null || url.isBlank()) {
            url = "http://" + localHost() + ":" + event.getWebServer().getPort();
        }
        consumers.serveAt(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = PATHS.getPathWithinApplication(request);
        Matcher instance = INSTANCE_PATH.matcher(path);
        if (!instance.matches() || request.getHeader(FORWARDED) != null) {
            chain.doFilter(request, response);
            return;
        }
        String group = UriUtils.decode(instance.group(1), StandardCharsets.UTF_8);
        String instanceId = UriUtils.decode(instance.group(2), StandardCharsets.UTF_8);
        try {
            Optional<String> owner = consumers.ownerElsewhere(group, instanceId, false);
            if (owner.isPresent()) {
                // read once: sent to the owner, or replayed to this replica's own handler if the owner is gone
                ReplayableRequest replayable = new ReplayableRequest(request);
                if (!forward(owner.get(), path, replayable, response)) {
                    // the owner did not answer: it is gone, so this replica takes the instance over
                    consumers.ownerElsewhere(group, instanceId, true);
                    chain.doFilter(replayable, response);
                }
                return;
            }
        } catch (RestProxyException e) {
            // answered as the controllers' errors are (the envelope), not as a servlet failure
            errors.resolveException(request, response, null, e);
            return;
        }
        chain.doFilter(request, response);
    }

    /** A request whose body was read into memory and can be read again, by the owner's forwarder or by us. */
    private static final class ReplayableRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayableRequest(HttpServletRequest request) throws IOException {
            super(request);
            this.body = request.getInputStream().readAllBytes();
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("a replayed body is read synchronously");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    Charset.forName(encoding)));
        }
    }

    /** Passes the request to the owner and its answer back; false when the owner could not be reached. */
    private boolean forward(String ownerUrl, String path, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String query = request.getQueryString();
        byte[] body = request.getInputStream().readAllBytes();
        HttpRequest.Builder forwarded = HttpRequest.newBuilder(URI.create(ownerUrl + path
                        + (query == null ? "" : "?" + query)))
                .timeout(consumers.forwardTimeout())
                .header(FORWARDED, "proxy-service")
                .method(request.getMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : PASSED_HEADERS) {
            String value = request.getHeader(name);
            if (value != null) {
                forwarded.header(name, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(forwarded.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException unreachable) {
            log.info("Owner {} of a consumer instance did not answer ({}): taking the instance over", ownerUrl,
                    unreachable.getMessage());
            return false;
        } catch (HttpTimeoutException slow) {
            // alive (it accepted the connection) but too slow: the client may retry, as after a busy instance
            throw RestProxyError.KAFKA_RETRIABLE_ERROR.exception("the replica holding the consumer instance ("
                    + ownerUrl + ") did not answer within " + consumers.forwardTimeout().toMillis() + " ms", slow);
        } catch (IOException broken) {
            throw RestProxyError.KAFKA_RETRIABLE_ERROR.exception("the replica holding the consumer instance ("
                    + ownerUrl + ") failed to answer: " + broken.getMessage(), broken);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while forwarding to " + ownerUrl, e);
        }
        response.setStatus(answer.statusCode());
        answer.headers().firstValue("Content-Type").ifPresent(response::setContentType);
        response.getOutputStream().write(answer.body());
        return true;
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
