package io.tributary.session.support;

import io.tributary.common.TributaryApplication;
import io.tributary.session.SessionServiceApplication;
import io.tributary.testkit.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second session-service on the test's schema and engine, on a port chosen before it starts so a test knows its
 * {@code kyuubiInstance} ({@code host:port}) in advance: a restarted instance, or one configured differently.
 */
public final class AnotherServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private ConfigurableApplicationContext context;

    public AnotherServer(String schema, String engineUrl, String engineRole) {
        this.port = freePort();
        TestInfrastructure infra = TestInfrastructure.get();
        properties.put("SERVER_PORT", String.valueOf(port));
        properties.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        properties.put("DB_URL", infra.jdbcUrl());
        properties.put("DB_USER", infra.user());
        properties.put("DB_PASSWORD", infra.password());
        properties.put("DB_SCHEMA", schema);
        // default properties: they fill session-service.yml's placeholders but lose to its own keys
        properties.put("ENGINE_JDBC_URL", engineUrl);
        properties.put("ENGINE_JDBC_USER", engineRole);
        properties.put("ENGINE_JDBC_PASSWORD", engineRole);
    }

    /** A property the service's own configuration file does not set (those only through its placeholders). */
    public AnotherServer with(String key, Object value) {
        properties.put(key, value);
        return this;
    }

    public AnotherServer start() {
        context = TributaryApplication.builder(SessionServiceApplication.class, SessionServiceApplication.NAME,
                WebApplicationType.SERVLET).properties(properties).run();
        return this;
    }

    public int port() {
        return port;
    }

    /** The {@code kyuubiInstance} this server records on its sessions and batches. */
    public String instance() {
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + port;
        } catch (UnknownHostException e) {
            return "localhost:" + port;
        }
    }

    public HttpResponse<String> request(String method, String path, String body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
