package io.tributary.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The base of a service's integration tests: the whole application on a random port, on the JVM's real Kafka
 * broker and PostgreSQL ({@link TestInfrastructure}), in a schema of its own for this test JVM. Extend it and
 * talk HTTP to {@link #url(String)}. All subclasses in a module share one Spring context.
 */
// main() names the configuration file after the service (see TributaryApplication), so tests start it the same way
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, useMainMethod = SpringBootTest.UseMainMethod.ALWAYS)
@Import(JsonEchoController.class)
public abstract class ServiceIntegrationTest {

    /** The service's schema in this test JVM, unique so runs against an external PostgreSQL do not collide. */
    protected static final String SCHEMA = TestInfrastructure.uniqueName("svc");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void realInfrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infra = TestInfrastructure.get();
        registry.add("KAFKA_BOOTSTRAP_SERVERS", infra::kafkaBootstrap);
        registry.add("DB_URL", infra::jdbcUrl);
        registry.add("DB_USER", infra::user);
        registry.add("DB_PASSWORD", infra::password);
        registry.add("DB_SCHEMA", () -> SCHEMA);
    }

    protected TestInfrastructure infra() {
        return TestInfrastructure.get();
    }

    protected String url(String path) {
        return "http://localhost:" + port + path;
    }

    protected HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), headers);
    }

    protected HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, headers);
    }

    protected HttpResponse<String> request(String method, String path, String contentType, String body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, headers);
    }

    protected static HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            // the service runs in this JVM: where its threads are is the one clue a rare timeout leaves in CI
            throw new IllegalStateException("HTTP call failed: " + e.getMessage() + "; " + ThreadsAtWork.describe(),
                    e);
        } catch (IOException e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
