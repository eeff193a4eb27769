package io.tributary.proxy.consumers;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tributary.common.TributaryApplication;
import io.tributary.proxy.ProxyServiceApplication;
import io.tributary.proxy.support.ProxyIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What keeps a consumer request from holding a thread (and its instance) for long: a client's
 * {@code consumer.request.timeout.ms} above the proxy's maximum is clamped, a forwarded request whose owner does
 * not answer in time ends in the envelope, and an instance that cannot be taken over is let go, not held empty.
 * A second replica with small limits serves the first two.
 */
class ConsumerRequestBoundsTest extends ProxyIntegrationTest {

    private static ConfigurableApplicationContext replica;
    private static HttpServer silentReplica;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void startReplicaWithSmallLimits() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        replica = TributaryApplication.builder(ProxyServiceApplication.class, ProxyServiceApplication.NAME,
                        WebApplicationType.SERVLET)
                .run("--server.port=0", "--KAFKA_BOOTSTRAP_SERVERS=" + infra.kafkaBootstrap(),
                        "--DB_URL=" + infra.jdbcUrl(), "--DB_USER=" + infra.user(),
                        "--DB_PASSWORD=" + infra.password(), "--DB_SCHEMA=" + SCHEMA,
                        "--CONSUMER_REQUEST_TIMEOUT_MAX_MS=1500",
                        "--tributary.proxy.consumer.forward-timeout=2000");
        // a replica that accepts connections but never answers (stuck, or its machine overloaded)
        silentReplica = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silentReplica.createContext("/", exchange -> {
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        silentReplica.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        silentReplica.start();
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.close();
        }
        if (silentReplica != null) {
            silentReplica.stop(0);
        }
    }

    private static String replicaUrl(String path) {
        return "http://localhost:" + replica.getEnvironment().getProperty("local.server.port") + path;
    }

    private static HttpResponse<String> onReplica(String method, String path, String contentType, String body,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(replicaUrl(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, headers);
    }

    @Test
    void aRequestTimeoutAboveTheProxysMaximumIsClamped() throws Exception {
        String topic = newTopic("clamped", 1);
        String group = TestInfrastructure.uniqueName("group");
        HttpResponse<String> created = onReplica("POST", "/consumers/" + group, V2,
                "{\"name\":\"patient\",\"consumer.request.timeout.ms\":\"600000\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String path = "/consumers/" + group + "/instances/patient";
        assertThat(onReplica("POST", path + "/assignments", V2,
                "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":0}]}").statusCode()).isEqualTo(204);

        long started = System.nanoTime();
        HttpResponse<String> read = onReplica("GET", path + "/records", null, null, "Accept", BINARY);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("[]");
        assertThat(tookMillis).isBetween(1_000L, 10_000L);
        assertThat(onReplica("DELETE", path, null, null).statusCode()).isEqualTo(204);
    }

    @Test
    void aRequestTimeoutBeyondAnIntIsRefused() {
        HttpResponse<String> created = post("/consumers/" + TestInfrastructure.uniqueName("group"), V2,
                "{\"consumer.request.timeout.ms\":\"3000000000\"}");

        assertError(created, 422, 42204, null);
    }

    @Test
    void aForwardedRequestTheOwnerDoesNotAnswerInTimeIsARetriableError() {
        String group = TestInfrastructure.uniqueName("group");
        jdbc.update("INSERT INTO consumer_instance (group_name, instance_id, format, config, owner, owner_url, "
                + "subscription, last_used_at) VALUES (?, 'stuck', 'binary', '{}'::jsonb, 'stuck-replica', ?, "
                + "NULL, now())", group, "http://127.0.0.1:" + silentReplica.getAddress().getPort());

        long started = System.nanoTime();
        HttpResponse<String> read = onReplica("GET", "/consumers/" + group + "/instances/stuck/records", null, null,
                "Accept", BINARY);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertError(read, 500, 50003, null);
        assertThat(json(read).get("message").asString()).contains("did not answer within 2000 ms");
        assertThat(tookMillis).isLessThan(10_000L);
    }

    @Test
    void anInstanceThatCannotBeTakenOverIsLetGoNotHeldEmpty() {
        String group = TestInfrastructure.uniqueName("group");
        // left by a crashed replica, with a setting this replica's Kafka client refuses
        jdbc.update("INSERT INTO consumer_instance (group_name, instance_id, format, config, owner, owner_url, "
                + "subscription, last_used_at) VALUES (?, 'broken', 'binary', "
                + "'{\"auto.offset.reset\":\"sideways\"}'::jsonb, 'crashed-replica', 'http://127.0.0.1:9', NULL, "
                + "now())", group);
        String path = "/consumers/" + group + "/instances/broken/subscription";

        HttpResponse<String> first = get(path);
        HttpResponse<String> second = get(path);

        assertError(first, 422, 42204, null);
        assertError(second, 422, 42204, null);
        assertThat(jdbc.queryForList("SELECT owner FROM consumer_instance WHERE group_name = ?", String.class,
                group)).containsExactly((String) null);
    }
}
