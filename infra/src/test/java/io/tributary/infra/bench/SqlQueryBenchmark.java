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
 * <p>Throughput: N JSON records are written to a topic first; then each query runs twice, (a) as a hand-written
 * Kafka Streams application and (b) as sql-service's {@code CREATE STREAM|TABLE ... AS SELECT}, each reading from the
 * beginning and timed from its start (KafkaStreams#start, the POST /ksql) until its output topic holds every expected
 * record; records/s = N / that time. The queries: a projection with a filter; a tumbling-window COUNT and SUM per
 * category (re-keyed through a repartition topic); a stream-table join of N orders with their customers. Both sides
 * run one stream thread with the same commit interval and no record cache, which is how sql-service runs queries.
 *
 * <p>Latency: a push query ({@code SELECT ... EMIT CHANGES} on POST /query) is open, one record is produced at a
 * time and the time until its row reaches the HTTP client is recorded; p50 and p99, directly and through the gateway.
 * A pull query looking one key up in the windowed aggregate's state store is timed the same two ways.
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
    void queriesAgainstHandWrittenStreamsAndPushQueryLatency() throws Exception {
        RunningSuite suite = RunningSuite.get();
        String direct = "http://127.0.0.1:" + suite.port("sql-service");
        String gateway = "http://127.0.0.1:" + suite.port("gateway");
        String prefix = "BENCH_" + Math.abs(System.nanoTime() % 1_000_000);
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%nBENCHMARK sql-service against hand-written Kafka Streams, one "
                + "broker, loopback (%d partitions, one stream thread each, no record cache)%n", partitions));

        String input = TestInfrastructure.uniqueName("sql_bench_in");
        createTopic(input);
        long passing = produceInput(input);
        ksql(direct, "CREATE STREAM " + prefix + "_SRC (ID BIGINT, NAME STRING, CATEGORY STRING, AMOUNT DOUBLE) "
                + "WITH (KAFKA_TOPIC='" + input + "', VALUE_FORMAT='JSON');");

        compare(table, String.format(Locale.ROOT, "projection + filter over %,d JSON records (%,d pass)", records,
                        passing), passing,
                output -> projectFilterByHand(input, output),
                prefix + "_PROJECTED", "CREATE STREAM %s WITH (KAFKA_TOPIC='%s', PARTITIONS=" + partitions
                        + ") AS SELECT ID, UCASE(NAME) AS NAME, AMOUNT * 2 AS DOUBLED FROM " + prefix + "_SRC"
                        + " WHERE CATEGORY <> 'food' AND AMOUNT > 10;");

        // one output row per input record on both sides: no record cache
        compare(table, String.format(Locale.ROOT, "tumbling 1-minute COUNT and SUM per category over the same %,d "
                        + "records (re-keyed)", records), records,
                output -> windowedAggregateByHand(input, output),
                prefix + "_PER_MINUTE", "CREATE TABLE %s WITH (KAFKA_TOPIC='%s', PARTITIONS=" + partitions
                        + ") AS SELECT CATEGORY, COUNT(*) AS N, SUM(AMOUNT) AS TOTAL FROM " + prefix + "_SRC"
                        + " WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY CATEGORY EMIT CHANGES;");

        String customers = TestInfrastructure.uniqueName("sql_bench_customers");
        String orders = TestInfrastructure.uniqueName("sql_bench_orders");
        createTopic(customers);
        createTopic(orders);
        produceCustomersAndOrders(customers, orders);
        ksql(direct, "CREATE TABLE " + prefix + "_CUSTOMERS (ID BIGINT PRIMARY KEY, NAME STRING, TIER STRING) "
                + "WITH (KAFKA_TOPIC='" + customers + "', VALUE_FORMAT='JSON');"
                + "CREATE STREAM " + prefix + "_ORDERS (CUSTOMER_ID BIGINT KEY, AMOUNT DOUBLE) "
                + "WITH (KAFKA_TOPIC='" + orders + "', VALUE_FORMAT='JSON');");
        compare(table, String.format(Locale.ROOT, "stream-table join of %,d orders with %,d customers", records,
                        CUSTOMERS), records,
                output -> joinByHand(customers, orders, output),
                prefix + "_ENRICHED", "CREATE STREAM %s WITH (KAFKA_TOPIC='%s', PARTITIONS=" + partitions
                        + ") AS SELECT O.CUSTOMER_ID, C.NAME, C.TIER, O.AMOUNT FROM " + prefix + "_ORDERS O JOIN "
                        + prefix + "_CUSTOMERS C ON O.CUSTOMER_ID = C.ID;");

        String latencySource = prefix + "_LIVE";
        String latencyTopic = TestInfrastructure.uniqueName("sql_bench_live");
        createTopic(latencyTopic);
        ksql(direct, "CREATE STREAM " + latencySource + " (ID BIGINT, NAME STRING) WITH (KAFKA_TOPIC='"
                + latencyTopic + "', VALUE_FORMAT='JSON');");
        long[] directLatency = pushQueryLatency(direct, latencySource, latencyTopic, 0);
        long[] gatewayLatency = pushQueryLatency(gateway, latencySource, latencyTopic, 1_000_000);
        table.append(String.format(Locale.ROOT, "push query latency, produce -> row at the HTTP client, %d records "
                + "one at a time%n", samples));
        latencyRow(table, "direct POST /query", directLatency);
        latencyRow(table, "gateway -> POST /query", gatewayLatency);

        String lookup = "SELECT * FROM " + prefix + "_PER_MINUTE WHERE CATEGORY = 'books';";
        table.append(String.format(Locale.ROOT, "pull query latency, request -> whole answer, %d key lookups on the "
                + "windowed aggregate (its state store)%n", samples));
        latencyRow(table, "direct POST /query", pullQueryLatency(direct, lookup));
        latencyRow(table, "gateway -> POST /query", pullQueryLatency(gateway, lookup));

        String text = table.toString();
        System.out.println(text);
        Path out = Path.of("target", "sql-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    /**
     * Runs the hand-written topology, then the same query in sql-service ({@code statement} formatted with the
     * sink's name and topic), each until its output topic holds {@code expected} records; adds their records/s
     * (input records over time from start) and the ratio to the table.
     */
    private void compare(StringBuilder table, String title, long expected, HandWritten handWritten, String sink,
            String statement) throws Exception {
        String handWrittenOut = TestInfrastructure.uniqueName("sql_bench_by_hand");
        createTopic(handWrittenOut);
        double byHand = runStreams(handWritten.topology(handWrittenOut), handWrittenOut, expected);

        long started = System.nanoTime();
        ksql("http://127.0.0.1:" + RunningSuite.get().port("sql-service"),
                String.format(Locale.ROOT, statement, sink, sink));
        awaitRecords(sink, expected);
        double sql = records / seconds(started);

        table.append(title).append(String.format(Locale.ROOT, "%n"));
        table.append(String.format(Locale.ROOT, "  %-44s %12.0f records/s   ratio to (a) %5.2f%n",
                "(a) hand-written Kafka Streams", byHand, 1.0));
        table.append(String.format(Locale.ROOT, "  %-44s %12.0f records/s   ratio to (a) %5.2f%n",
                "(b) sql-service", sql, sql / byHand));
    }

    /** A hand-written Kafka Streams application writing to the given output topic. */
    private interface HandWritten {
        org.apache.kafka.streams.Topology topology(String output);
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

    private static final int CUSTOMERS = 10_000;
    private static final String[] TIERS = {"gold", "silver", "bronze"};

    private double runStreams(org.apache.kafka.streams.Topology topology, String output, long expected)
            throws Exception {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, TestInfrastructure.uniqueName("hand-written"));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("bench-streams").toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 2000);
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        try (KafkaStreams streams = new KafkaStreams(topology, config)) {
            long started = System.nanoTime();
            streams.start();
            awaitRecords(output, expected);
            double rate = records / seconds(started);
            streams.close(Duration.ofSeconds(30));
            return rate;
        }
    }

    /** The projection and filter by hand: parse, filter, project, serialize with Jackson. */
    private static org.apache.kafka.streams.Topology projectFilterByHand(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .flatMapValues(value -> {
                    JsonNode row = read(value);
                    if (row == null || !passes(row)) {
                        return List.<byte[]>of();
                    }
                    ObjectNode projected = JSON.createObjectNode();
                    projected.set("ID", row.get("ID"));
                    projected.put("NAME", row.path("NAME").asText().toUpperCase(Locale.ROOT));
                    projected.put("DOUBLED", row.path("AMOUNT").asDouble() * 2);
                    return List.of(write(projected));
                })
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    /** Count and sum per category and tumbling minute, the aggregate kept as 16 bytes (count, sum). */
    private static org.apache.kafka.streams.Topology windowedAggregateByHand(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .flatMap((key, value) -> {
                    JsonNode row = read(value);
                    return row == null ? List.<org.apache.kafka.streams.KeyValue<String, Double>>of()
                            : List.of(org.apache.kafka.streams.KeyValue.pair(row.path("CATEGORY").asText(),
                                    row.path("AMOUNT").asDouble()));
                })
                .groupByKey(org.apache.kafka.streams.kstream.Grouped.with(Serdes.String(), Serdes.Double()))
                .windowedBy(org.apache.kafka.streams.kstream.TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
                .aggregate(() -> new byte[16], (category, amount, aggregate) -> {
                    java.nio.ByteBuffer next = java.nio.ByteBuffer.allocate(16);
                    java.nio.ByteBuffer previous = java.nio.ByteBuffer.wrap(aggregate);
                    next.putLong(previous.getLong() + 1).putDouble(previous.getDouble() + amount);
                    return next.array();
                }, org.apache.kafka.streams.kstream.Materialized.with(Serdes.String(), Serdes.ByteArray()))
                .toStream()
                .map((window, aggregate) -> {
                    java.nio.ByteBuffer values = java.nio.ByteBuffer.wrap(aggregate);
                    ObjectNode row = JSON.createObjectNode();
                    row.put("N", values.getLong());
                    row.put("TOTAL", values.getDouble());
                    byte[] category = window.key().getBytes(StandardCharsets.UTF_8);
                    byte[] key = java.nio.ByteBuffer.allocate(category.length + 8).put(category)
                            .putLong(window.window().start()).array();
                    return org.apache.kafka.streams.KeyValue.pair(key, write(row));
                })
                .to(output, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        return builder.build();
    }

    /** Each order joined with its customer's current row, by the order's key. */
    private static org.apache.kafka.streams.Topology joinByHand(String customers, String orders, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        var customerTable = builder.table(customers, Consumed.with(Serdes.Long(), Serdes.ByteArray()));
        builder.stream(orders, Consumed.with(Serdes.Long(), Serdes.ByteArray()))
                .join(customerTable, (order, customer) -> {
                    JsonNode o = read(order);
                    JsonNode c = read(customer);
                    ObjectNode row = JSON.createObjectNode();
                    row.put("NAME", c == null ? null : c.path("NAME").asText());
                    row.put("TIER", c == null ? null : c.path("TIER").asText());
                    row.put("AMOUNT", o == null ? 0 : o.path("AMOUNT").asDouble());
                    return write(row);
                })
                .to(output, Produced.with(Serdes.Long(), Serdes.ByteArray()));
        return builder.build();
    }

    private static JsonNode read(byte[] value) {
        try {
            return value == null ? null : JSON.readTree(value);
        } catch (java.io.IOException unreadable) {
            return null;
        }
    }

    private static byte[] write(JsonNode row) {
        try {
            return JSON.writeValueAsBytes(row);
        } catch (java.io.IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** {@value #CUSTOMERS} customers first, then {@code records} orders keyed by customer id (BIGINT keys). */
    private void produceCustomersAndOrders(String customers, String orders) throws Exception {
        Map<String, Object> config = producerConfig();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.LongSerializer.class);
        try (KafkaProducer<Long, byte[]> producer = new KafkaProducer<>(config)) {
            for (long id = 0; id < CUSTOMERS; id++) {
                producer.send(new ProducerRecord<>(customers, id, JSON.writeValueAsBytes(Map.of(
                        "NAME", "customer-" + id, "TIER", TIERS[(int) (id % TIERS.length)]))));
            }
            producer.flush();
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(orders, (i * 7919) % CUSTOMERS, JSON.writeValueAsBytes(Map.of(
                        "AMOUNT", (i % 1000) / 10.0))));
            }
            producer.flush();
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
    /** The time each of {@code samples} pull queries takes to answer whole (after a few unmeasured ones), sorted. */
    private long[] pullQueryLatency(String base, String query) throws Exception {
        String body = JSON.writeValueAsString(Map.of("ksql", query));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/query"))
                .header("Content-Type", "application/vnd.ksql.v1+json")
                .header("Accept", "application/vnd.ksql.v1+json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long[] nanos = new long[samples];
        for (int i = -20; i < samples; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - started;
            if (response.statusCode() != 200 || !response.body().contains("\"row\"")) {
                throw new AssertionError("pull query answered " + response.statusCode() + ": " + response.body());
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        java.util.Arrays.sort(nanos);
        return nanos;
    }

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
