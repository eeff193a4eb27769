package io.tributary.gateway.support;

import io.tributary.gateway.GatewayApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real gateway on a random port, its four services replaced by stub HTTP servers. Every integration test
 * extends this class unchanged, so they all share one application context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {GatewayApplication.class, GatewayIntegrationTest.DownServiceRoute.class},
        properties = {
                "spring.config.name=" + GatewayApplication.NAME,
                "GATEWAY_RESPONSE_TIMEOUT=" + GatewayIntegrationTest.RESPONSE_TIMEOUT_MILLIS + "ms",
                "GATEWAY_MAX_REQUEST_SIZE=" + GatewayIntegrationTest.MAX_REQUEST_KB + "KB",
        })
public abstract class GatewayIntegrationTest {

    /** Short, so a stalled upstream is detected quickly; long enough for a cold first request. */
    protected static final long RESPONSE_TIMEOUT_MILLIS = 2000;
    protected static final int MAX_REQUEST_KB = 64;

    protected static final JsonMapper JSON = JsonMapper.shared();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("SQL_SERVICE_URL", StubUpstreams.SQL::url);
        registry.add("PROXY_SERVICE_URL", StubUpstreams.PROXY::url);
        registry.add("CONNECT_SERVICE_URL", StubUpstreams.CONNECT::url);
        registry.add("SESSION_SERVICE_URL", StubUpstreams.SESSION::url);
    }

    protected URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    protected HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20));
    }

    protected HttpResponse<String> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    protected HttpResponse<String> send(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return CLIENT.send(request, handler);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static HttpClient client() {
        return CLIENT;
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** A route to a port nothing listens on, for the gateway's answer when a service is down. */
    @TestConfiguration(proxyBeanMethods = false)
    static class DownServiceRoute {

        @Bean
        RouteLocator downServiceRoutes(RouteLocatorBuilder routes) {
            return routes.routes()
                    .route("down-service", route -> route.path("/down/**")
                            .filters(filters -> filters.stripPrefix(1))
                            .metadata("service", "down-service")
                            .uri("http://127.0.0.1:" + StubUpstreams.CLOSED_PORT))
                    .build();
        }
    }
}
