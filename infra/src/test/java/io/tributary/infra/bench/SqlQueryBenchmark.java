package io.tributary.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.infra.suite.RunningSuite;
import io.tributary.testkit.TestInfrastructure;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * sql-service against hand-written Kafka Streams, one broker, one run.
 *
 * <p>Throughput: N JSON records are written to a topic first; then (a) a hand-written Kafka Streams application and
 * (b) sql-service's {@code CREATE STREAM ... AS SELECT} each read the topic from the beginning, filter and project
 * it and write the result to a topic of their own. Each is timed from its start (KafkaStreams#start, the POST /ksql)
 * until its output topic holds every expected record; records/s = N / that time. Both run one stream thread with
 * the same commit interval and no record cache, which is how sql-service runs its queries.
 *
 * <p>Latency: a push query ({@code SELECT ... EMIT CHANGES} on POST /query) is open, one record is produced at a
 * time and the time until its row reaches the HTTP client is recorded; p50 and p99, directly and through the gateway.
 *
 * <p>Run: {@code ./tributary bench sql}, or {@code ./mvnw -pl infra verify -Dtest=SqlQueryBenchmark -Dbenchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. Options: {@code -Dbenchmark.records=1000000},
 * {@code -Dbenchmark.partitions=4}, {@code -Dbenchmark.samples=300}. The table goes to stdout and to
 * {@code infra/target/sql-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SqlQueryBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofMinutes(10);
    private static final Pattern FIRST_COLUMN = Pattern.compile("\"columns\"\\s*:\\s*\\[\\s*(\\d+)");
    private static final String[] CATEGORIES = {"books", "games", "music", "tools", "food"};

    private final int records = Integer.getInteger("benchmark.records", 1_000_000);
    private final int partitions = Integer.getInteger("benchmark.partitions", 4);
    private final int samples = Integer.getInteger("benchmark.samples", 300);
    private final String bootstrap = TestInfrastructure.get().kafkaBootstrap();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void csasAgainstHandWrittenStreamsAndPushQueryLatency() throws Exception {
        RunningSuite suite = RunningSuite.get();
        String direct = "http://127.0.0.1:" + suite.port("sql-service");
        String gateway = "http://127.0.0.1:" + suite.port("gateway");

        String input = TestInfrastructure.uniqueName("sql_bench_in");
        createTopic(input);
        long expected = produceInput(input);

        String handWrittenOut = TestInfrastructure.uniqueName("sql_bench_streams_out");
        createTopic(handWrittenOut);
        double handWritten = runHandWritten(input, handWrittenOut, expected);

        String source = "BENCH_SRC_" + Math.abs(System.nanoTime() % 1_000_000);
        String sink = source + "_OUT";
        ksql(direct, "CREATE STREAM " + source + " (ID BIGINT, NAME STRING, CATEGORY STRING, AMOUNT DOUBLE) WITH ("
                + "KAFKA_TOPIC='" + input + "', VALUE_FORMAT='JSON');");
        long started = System.nanoTime();
        ksql(direct, "CREATE STREAM " + sink + " WITH (KAFKA_TOPIC='" + sink + "', PARTITIONS=" + partitions
                + ") AS SELECT ID, UCASE(NAME) AS NAME, AMOUNT * 2 AS DOUBLED FROM " + source
                + " WHERE CATEGORY <> 'food' AND AMOUNT > 10;");
        awaitRecords(sink, expected);
        double csas = records / seconds(started);

        String latencySource = source + "_LIVE";
        String latencyTopic = TestInfrastructure.uniqueName("sql_bench_live");
        createTopic(latencyTopic);
        ksql(direct, "CREATE STREAM " + latencySource + " (ID BIGINT, NAME STRING) WITH (KAFKA_TOPIC='"
                + latencyTopic + "', VALUE_FORMAT='JSON');");
        long[] directLatency = pushQueryLatency(direct, latencySource, latencyTopic, 0);
        long[] gatewayLatency = pushQueryLatency(gateway, latencySource, latencyTopic, 1_000_000);

        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%nBENCHMARK sql-service, one broker, loopback (%d partitions)%n",
                partitions));
        table.append(String.format(Locale.ROOT, "CSAS projection + filter over %,d JSON records (%,d pass the filter),"
                + " from the beginning, one stream thread each%n", records, expected));
        table.append(String.format(Locale.ROOT, "  %-44s %12.0f records/s   ratio to (a) %5.2f%n",
                "(a) hand-written Kafka Streams", handWritten, 1.0));
        table.append(String.format(Locale.ROOT, "  %-44s %12.0f records/s   ratio to (a) %5.2f%n",
                "(b) sql-service CREATE STREAM AS SELECT", csas, csas / handWritten));
        table.append(String.format(Locale.ROOT, "push query latency, produce -> row at the HTTP client, %d records "
                + "one at a time%n", samples));
        latencyRow(table, "direct POST /query", directLatency);
        latencyRow(table, "gateway -> POST /query", gatewayLatency);
        String text = table.toString();
        System.out.println(text);
        Path out = Path.of("target", "sql-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    private static void latencyRow(StringBuilder table, String name, long[] nanos) {
        table.append(String.format(Locale.ROOT, "  %-44s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms%n", name,
                percentile(nanos, 0.50) / 1e6, percentile(nanos, 0.99) / 1e6, nanos[nanos.length - 1] / 1e6));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    // ------------------------------------------------------------------------------------------------ data

    private static ObjectNode inputRecord(long id) {
        ObjectNode row = JSON.createObjectNode();
        row.put("ID", id);
        row.put("NAME", "customer-" + id);
        row.put("CATEGORY", CATEGORIES[(int) (id % CATEGORIES.length)]);
        row.put("AMOUNT", (id * 7919) % 100 + 0.5);
        return row;
    }

    private static boolean passes(JsonNode row) {
        return !"food".equals(row.path("CATEGORY").asText()) && row.path("AMOUNT").asDouble() > 10;
    }

    /** Writes the input and answers how many records pass the filter. */
    private long produceInput(String topic) throws Exception {
        long passing = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            for (long id = 0; id < records; id++) {
                ObjectNode row = inputRecord(id);
                if (passes(row)) {
                    passing++;
                }
                producer.send(new ProducerRecord<>(topic, JSON.writeValueAsBytes(row)));
            }
            producer.flush();
        }
        return passing;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }

    private void createTopic(String topic) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private void awaitRecords(String topic, long expected) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                long total = 0;
                try {
                    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                    for (var partition : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                            .partitions()) {
                        request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
                    }
                    for (ListOffsetsResult.ListOffsetsResultInfo info : admin.listOffsets(request).all().get()
                            .values()) {
                        total += info.offset();
                    }
                } catch (java.util.concurrent.ExecutionException notYetThere) {
                    total = 0;
                }
                if (total >= expected) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(topic + " holds " + total + " of " + expected + " records after "
                            + LIMIT);
                }
                Thread.sleep(50);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ (a)

    /** The same query by hand: parse, filter, project, serialize with Jackson, one stream thread. */
    private double runHandWritten(String input, String output, long expected) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .flatMapValues(value -> {
                    try {
                        JsonNode row = JSON.readTree(value);
                        if (!passes(row)) {
                            return List.<byte[]>of();
                        }
                        ObjectNode projected = JSON.createObjectNode();
                        projected.set("ID", row.get("ID"));
                        projected.put("NAME", row.path("NAME").asText().toUpperCase(Locale.ROOT));
                        projected.put("DOUBLED", row.path("AMOUNT").asDouble() * 2);
                        return List.of(JSON.writeValueAsBytes(projected));
                    } catch (java.io.IOException unreadable) {
                        return List.<byte[]>of();
                    }
                })
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, TestInfrastructure.uniqueName("hand-written"));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-streams").toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 2000);
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            long started = System.nanoTime();
            streams.start();
            awaitRecords(output, expected);
            double rate = records / seconds(started);
            streams.close(Duration.ofSeconds(30));
            return rate;
        }
    }

    // ------------------------------------------------------------------------------------------------ (b)

    private void ksql(String base, String statement) throws Exception {
        String body = JSON.writeValueAsString(Map.of("ksql", statement,
                "streamsProperties", Map.of("auto.offset.reset", "earliest")));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/ksql"))
                .header("Content-Type", "application/vnd.ksql.v1+json")
                .header("Accept", "application/vnd.ksql.v1+json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(statement + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    // ------------------------------------------------------------------------------------------------ latency

    /**
     * Opens a push query, then produces one record at a time (ids from {@code firstId}) and waits for its row.
     * The first tenth of the samples warms up and is not recorded. Answers the sorted latencies.
     */
    private long[] pushQueryLatency(String base, String source, String topic, long firstId) throws Exception {
        String body = JSON.writeValueAsString(Map.of("ksql", "SELECT ID, NAME FROM " + source + " EMIT CHANGES;",
                "streamsProperties", Map.of("auto.offset.reset", "latest")));
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(base + "/query"))
                .header("Content-Type", "application/vnd.ksql.v1+json")
                .header("Accept", "application/vnd.ksql.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError("push query answered " + response.statusCode());
        }
        BlockingQueue<Long> arrived = new ArrayBlockingQueue<>(1024);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    Matcher id = FIRST_COLUMN.matcher(line);
                    if (id.find()) {
                        arrived.offer(Long.parseLong(id.group(1)));
                    }
                }
            } catch (java.io.IOException closed) {
                // the benchmark closed the stream
            }
        }, "push-query-reader");
        reader.setDaemon(true);
        reader.start();
        int warmUp = Math.max(1, samples / 10);
        List<Long> latencies = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            // the transient query subscribes after the header; the first records wait until it is assigned
            long id = firstId;
            long readyBy = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                producer.send(new ProducerRecord<>(topic, JSON.writeValueAsBytes(
                        Map.of("ID", id, "NAME", "probe")))).get();
                Long seen = arrived.poll(500, TimeUnit.MILLISECONDS);
                id++;
                if (seen != null) {
                    break;
                }
                if (System.nanoTime() > readyBy) {
                    throw new AssertionError("the push query delivered no row within 60 s");
                }
            }
            arrived.clear();
            for (int i = 0; i < samples + warmUp; i++, id++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, JSON.writeValueAsBytes(Map.of("ID", id, "NAME", "probe"))));
                while (true) {
                    Long seen = arrived.poll(30, TimeUnit.SECONDS);
                    if (seen == null) {
                        throw new AssertionError("row " + id + " did not arrive within 30 s");
                    }
                    if (seen == id) {
                        break;
                    }
                }
                if (i >= warmUp) {
                    latencies.add(System.nanoTime() - sent);
                }
            }
        } finally {
            response.body().close();
            reader.interrupt();
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return sorted;
    }
}
