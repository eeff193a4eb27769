package io.tributary.connect.bench;

import io.tributary.connect.ConnectApiTest;
import io.tributary.connect.worker.EmbeddedConnectWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.rest.ConnectRestServer;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * connect-service against Apache Kafka Connect's own Jersey REST server, both over the same embedded worker in
 * the same run: requests/s of {@code GET /connectors?expand=status} with 50 connectors, and create+delete
 * latency. Run: {@code ./mvnw -pl connect-service verify -Dtest=ConnectRestBenchmark -Dbenchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; the results are printed to the test output.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ConnectRestBenchmark extends ConnectApiTest {

    private static final int CONNECTORS = 50;
    private static final int THREADS = 8;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration MEASURE = Duration.ofSeconds(10);
    private static final int CREATE_DELETE_ROUNDS = 20;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Autowired
    EmbeddedConnectWorker worker;

    @Test
    void listWithStatusAndCreateDeleteAgainstConnectsOwnRestServer() throws Exception {
        Map<String, String> props = new java.util.HashMap<>(worker.workerProperties());
        props.put("listeners", "http://localhost:0");
        DistributedConfig config = new DistributedConfig(props);
        ConnectRestServer jersey = new ConnectRestServer(config.rebalanceTimeout(), new RestClient(config), props);
        jersey.initializeServer();
        jersey.initializeResources(worker.herder());
        try {
            String apache = jersey.serverUrl().toString().replaceAll("/$", "");
            String ours = url("");
            String file = Files.createTempFile("bench", ".txt").toString();
            for (int i = 0; i < CONNECTORS; i++) {
                post("/connectors", JSON_TYPE, json(Map.of("name", unique("bench"), "initial_state", "PAUSED",
                        "config", fileSource(file, "bench-topic"))));
            }
            double apacheRps = throughput(apache + "/connectors?expand=status");
            double oursRps = throughput(ours + "/connectors?expand=status");
            double[] apacheLatency = createDelete(apache, file);
            double[] oursLatency = createDelete(ours, file);
            System.out.printf("%nBENCHMARK GET /connectors?expand=status (%d connectors, %d threads, %d s)%n",
                    CONNECTORS, THREADS, MEASURE.toSeconds());
            System.out.printf("  Apache Connect REST server: %10.1f req/s%n", apacheRps);
            System.out.printf("  connect-service           : %10.1f req/s%n", oursRps);
            System.out.printf("  ratio (ours / Apache)     : %10.2f%n", oursRps / apacheRps);
            System.out.printf("BENCHMARK create+delete latency, %d rounds, p50 / p99 ms%n", CREATE_DELETE_ROUNDS);
            System.out.printf("  Apache Connect REST server: %8.1f / %8.1f%n", apacheLatency[0], apacheLatency[1]);
            System.out.printf("  connect-service           : %8.1f / %8.1f%n", oursLatency[0], oursLatency[1]);
            System.out.printf("  ratio p50 (Apache / ours) : %8.2f%n%n", apacheLatency[0] / oursLatency[0]);
        } finally {
            jersey.stop();
        }
    }

    private static double throughput(String target) throws Exception {
        run(target, WARM_UP);
        return run(target, MEASURE) / (double) MEASURE.toSeconds();
    }

    private static long run(String target, Duration duration) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder done = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(URI.create(target)).GET().build();
        for (int t = 0; t < THREADS; t++) {
            futures.add(pool.submit(() -> {
                while (!stop.get()) {
                    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(target + " answered " + response.statusCode());
                    }
                    done.increment();
                }
                return null;
            }));
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return done.sum();
    }

    private static double[] createDelete(String base, String file) throws Exception {
        double[] millis = new double[CREATE_DELETE_ROUNDS];
        for (int i = 0; i < CREATE_DELETE_ROUNDS; i++) {
            String name = unique("cd");
            long start = System.nanoTime();
            HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/connectors"))
                    .header("Content-Type", JSON_TYPE).POST(HttpRequest.BodyPublishers.ofString(json(Map.of(
                            "name", name, "initial_state", "PAUSED", "config", fileSource(file, "bench-topic")))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/connectors/" + name))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (created.statusCode() != 201 || deleted.statusCode() != 204) {
                throw new IllegalStateException(base + " create/delete answered " + created.statusCode() + "/"
                        + deleted.statusCode() + ": " + created.body());
            }
        }
        Arrays.sort(millis);
        return new double[] {millis[millis.length / 2], millis[(int) Math.ceil(millis.length * 0.99) - 1]};
    }
}
