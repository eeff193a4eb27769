package io.tributary.infra.bench;

import io.tributary.infra.suite.RunningSuite;
import io.tributary.testkit.TestInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Records/s of produce and consume on one broker in one run: (a) the plain Kafka clients, (b) proxy-service's
 * REST Proxy v2 endpoints called directly, (c) the same through the gateway; with the ratios (b)/(a) and (c)/(a).
 * Produce: binary, {@value #RECORDS_PER_REQUEST} records of {@value #RECORD_BYTES} B per request, N concurrent
 * keep-alive HTTP clients. Consume: one consumer per partition (assigned, not subscribed, so no rebalance is
 * measured) reading the produced records from the beginning; the proxy's through a consumer instance's
 * {@code records} endpoint. Everything on loopback, every phase bounded in time.
 *
 * <p>Run: {@code ./mvnw -pl infra verify -Dtest=ProxyThroughputBenchmark -Dbenchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. Options: {@code -Dbenchmark.clients=16}, {@code -Dbenchmark.seconds=8}
 * (measured time per phase), {@code -Dbenchmark.warmup=3}, {@code -Dbenchmark.partitions=4},
 * {@code -Dbenchmark.rounds=3} (measured produce rounds after a warm-up round; medians are reported). The table
 * goes to stdout and to {@code infra/target/proxy-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ProxyThroughputBenchmark {

    private static final int RECORDS_PER_REQUEST = 100;
    private static final int RECORD_BYTES = 100;
    private static final String BINARY = "application/vnd.kafka.binary.v2+json";
    private static final String V2_JSON = "application/vnd.kafka.v2+json";
    /** proxy-service writes compact JSON: every record of an answer has this field, a number when it was written. */
    private static final byte[] OFFSET = "\"offset\":".getBytes(StandardCharsets.US_ASCII);

    private final int clients = Integer.getInteger("benchmark.clients", 16);
    private final Duration measure = Duration.ofSeconds(Integer.getInteger("benchmark.seconds", 8));
    private final Duration warmUp = Duration.ofSeconds(Integer.getInteger("benchmark.warmup", 3));
    private final int partitions = Integer.getInteger("benchmark.partitions", 4);
    private final int rounds = Math.max(1, Integer.getInteger("benchmark.rounds", 3));
    private final String bootstrap = TestInfrastructure.get().kafkaBootstrap();

    private HttpClient http;

    @Test
    void produceAndConsumeThroughTheProxyAgainstThePlainClients() throws Exception {
        RunningSuite suite = RunningSuite.get();
        String direct = "http://127.0.0.1:" + suite.port("proxy-service");
        String gateway = "http://127.0.0.1:" + suite.port("gateway");
        String topic = TestInfrastructure.uniqueName("proxy-bench");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(clients, partitions) + 1);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(pool)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            String body = produceBody();
            // the three in turn, round after round, each taken at its median over the rounds after the first: the
            // JIT is still compiling the HTTP paths through the first (they run at half their later rate), and on a
            // shared machine one phase's rate swings by a fifth between rounds
            List<Double> natives = new ArrayList<>();
            List<Double> directs = new ArrayList<>();
            List<Double> gateways = new ArrayList<>();
            for (int round = 0; round <= rounds; round++) {
                natives.add(produceNative(topic));
                directs.add(produceHttp(pool, direct + "/topics/" + topic, body));
                gateways.add(produceHttp(pool, gateway + "/topics/" + topic, body));
            }
            double produceNative = medianAfterFirst(natives);
            double produceDirect = medianAfterFirst(directs);
            double produceGateway = medianAfterFirst(gateways);

            long available = endOffsetsTotal(topic);
            double consumeNative = consumeNative(pool, topic);
            double consumeDirect = consumeHttp(pool, direct, topic);
            double consumeGateway = consumeHttp(pool, gateway, topic);

            StringBuilder table = new StringBuilder();
            table.append(String.format(Locale.ROOT, "%nBENCHMARK proxy-service throughput, one broker, loopback "
                    + "(%d partitions; warm-up %d s, measured %d s per phase)%n", partitions, warmUp.toSeconds(),
                    measure.toSeconds()));
            table.append(String.format(Locale.ROOT, "produce: binary, %d records x %d B per request, %d keep-alive "
                    + "HTTP clients; (a), (b), (c) in turn, a warm-up round then the median of %d rounds%n",
                    RECORDS_PER_REQUEST, RECORD_BYTES, clients, rounds));
            table.append(String.format(Locale.ROOT, "  each round, warm-up first (records/s): (a) %s  (b) %s  (c) %s%n",
                    rates(natives), rates(directs), rates(gateways)));
            row(table, "(a) KafkaProducer", produceNative, produceNative);
            row(table, "(b) proxy-service", produceDirect, produceNative);
            row(table, "(c) gateway -> proxy-service", produceGateway, produceNative);
            table.append(String.format(Locale.ROOT, "consume: binary, %d consumers (one per partition) over %d "
                    + "records, from the beginning%n", partitions, available));
            row(table, "(a) KafkaConsumer", consumeNative, consumeNative);
            row(table, "(b) proxy-service records", consumeDirect, consumeNative);
            row(table, "(c) gateway -> proxy-service records", consumeGateway, consumeNative);
            String text = table.toString();
            System.out.println(text);
            Path out = Path.of("target", "proxy-benchmark.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double medianAfterFirst(List<Double> rates) {
        List<Double> sorted = rates.subList(1, rates.size()).stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String rates(List<Double> rates) {
        return rates.stream().map(rate -> String.format(Locale.ROOT, "%.0f", rate))
                .collect(Collectors.joining("/"));
    }

    private static void row(StringBuilder table, String name, double recordsPerSecond, double baseline) {
        table.append(String.format(Locale.ROOT, "  %-38s %12.0f records/s   ratio to (a) %5.2f%n", name,
                recordsPerSecond, recordsPerSecond / baseline));
    }

    private static String produceBody() {
        Random random = new Random(42);
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
            byte[] value = new byte[RECORD_BYTES];
            random.nextBytes(value);
            body.append(i == 0 ? "" : ",").append("{\"value\":\"")
                    .append(Base64.getEncoder().encodeToString(value)).append("\"}");
        }
        return body.append("]}").toString();
    }

    // ------------------------------------------------------------------------------------------------ produce

    /** One producer, as many sends in flight as it buffers; records acknowledged within the measured window. */
    private double produceNative(String topic) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        byte[] value = new byte[RECORD_BYTES];
        new Random(7).nextBytes(value);
        LongAdder acked = new LongAdder();
        AtomicBoolean counting = new AtomicBoolean();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            long warmUpEnd = System.nanoTime() + warmUp.toNanos();
            long end = warmUpEnd + measure.toNanos();
            long start = 0;
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (start == 0 && now >= warmUpEnd) {
                    start = now;
                    counting.set(true);
                }
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error == null && counting.get()) {
                        acked.increment();
                    }
                });
            }
            counting.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            producer.flush();
            return acked.sum() / seconds;
        }
    }

    /** N clients, each posting one request after the other on its keep-alive connection. */
    private double produceHttp(ExecutorService pool, String url, String body) throws Exception {
        send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", BINARY).header("Accept", V2_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), 200); // fails fast on a wrong URL or format
        KeepAliveHttp.Target target = KeepAliveHttp.Target.of("POST", url,
                List.of("Content-Type: " + BINARY, "Accept: " + V2_JSON), body.getBytes(StandardCharsets.UTF_8));
        return timed(pool, clients, () -> new RecordsCall(target));
    }

    // ------------------------------------------------------------------------------------------------ consume

    private long endOffsetsTotal(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig("unused"))) {
            return consumer.endOffsets(topicPartitions(topic)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private double consumeNative(ExecutorService pool, String topic) throws Exception {
        String group = TestInfrastructure.uniqueName("bench-native");
        List<TopicPartition> assigned = topicPartitions(topic);
        List<Future<Long>> readers = new ArrayList<>();
        AtomicLong deadline = new AtomicLong(System.nanoTime() + warmUp.toNanos() + measure.toNanos());
        long start = System.nanoTime();
        for (TopicPartition partition : assigned) {
            readers.add(pool.submit(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(group))) {
                    consumer.assign(List.of(partition));
                    consumer.seekToBeginning(List.of(partition));
                    long end = consumer.endOffsets(List.of(partition)).get(partition);
                    long read = 0;
                    while (read < end && System.nanoTime() < deadline.get()) {
                        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                        read += records.count();
                    }
                    return read;
                }
            }));
        }
        long total = 0;
        for (Future<Long> reader : readers) {
            total += reader.get();
        }
        return total / ((System.nanoTime() - start) / 1e9);
    }

    /** One consumer instance per partition (assigned), each read by a client of its own until its partition ends. */
    private double consumeHttp(ExecutorService pool, String base, String topic) throws Exception {
        String group = TestInfrastructure.uniqueName("bench-proxy");
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig("unused"))) {
            ends = consumer.endOffsets(topicPartitions(topic));
        }
        List<String> instances = new ArrayList<>();
        for (TopicPartition partition : ends.keySet()) {
            String instance = "bench-" + partition.partition();
            send(post(base + "/consumers/" + group, "{\"name\":\"" + instance + "\",\"format\":\"binary\","
                    + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}"), 200);
            String instanceUrl = base + "/consumers/" + group + "/instances/" + instance;
            send(post(instanceUrl + "/assignments", "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":"
                    + partition.partition() + "}]}"), 204);
            instances.add(instanceUrl);
        }
        try {
            long deadline = System.nanoTime() + warmUp.toNanos() + measure.toNanos();
            long start = System.nanoTime();
            List<Future<Long>> readers = new ArrayList<>();
            List<TopicPartition> order = new ArrayList<>(ends.keySet());
            for (int i = 0; i < order.size(); i++) {
                String instanceUrl = instances.get(i);
                long end = ends.get(order.get(i));
                KeepAliveHttp.Target records = KeepAliveHttp.Target.of("GET",
                        instanceUrl + "/records?timeout=500", List.of("Accept: " + BINARY), null);
                readers.add(pool.submit(() -> {
                    long read = 0;
                    try (RecordsCall call = new RecordsCall(records)) {
                        while (read < end && System.nanoTime() < deadline) {
                            read += call.run();
                        }
                    }
                    return read;
                }));
            }
            long total = 0;
            for (Future<Long> reader : readers) {
                total += reader.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            for (String instanceUrl : instances) {
                http.send(HttpRequest.newBuilder(URI.create(instanceUrl)).DELETE()
                        .header("Content-Type", V2_JSON).build(), HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    private Map<String, Object> consumerConfig(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private List<TopicPartition> topicPartitions(String topic) {
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            all.add(new TopicPartition(topic, p));
        }
        return all;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** One client on its own keep-alive connection ({@link KeepAliveHttp}): its request, and the records answered. */
    private static final class RecordsCall implements AutoCloseable {
        private final KeepAliveHttp.Target target;
        private final KeepAliveHttp.Connection connection;
        private final KeepAliveHttp.ResponseBody answer = new KeepAliveHttp.ResponseBody();

        RecordsCall(KeepAliveHttp.Target target) throws IOException {
            this.target = target;
            this.connection = new KeepAliveHttp.Connection(target, 30_000);
        }

        long run() throws IOException {
            int status = connection.exchange(answer);
            if (status != 200) {
                throw new IllegalStateException(target.path() + " answered " + status + ": " + answer.asString());
            }
            if (connection.closeAfterwards) {
                throw new IllegalStateException(target.path() + " closed a keep-alive connection");
            }
            return count(answer.bytes(), answer.length());
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private interface CallFactory {
        RecordsCall open() throws IOException;
    }

    /** Runs {@code threads} loops of calls for the warm-up and then the measured window; records/s of the latter. */
    private double timed(ExecutorService pool, int threads, CallFactory calls) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean counting = new AtomicBoolean();
        LongAdder records = new LongAdder();
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            loops.add(pool.submit(() -> {
                try (RecordsCall call = calls.open()) {
                    while (!stop.get()) {
                        long n = call.run();
                        if (counting.get()) {
                            records.add(n);
                        }
                    }
                }
                return null;
            }));
        }
        Thread.sleep(warmUp.toMillis());
        counting.set(true);
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        counting.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Future<?> loop : loops) {
            loop.get(60, TimeUnit.SECONDS);
        }
        return records.sum() / seconds;
    }

    /**
     * The records in an answer, by its {@code "offset":} fields. A plain scan: this client shares the machine with
     * what it measures, and a regular expression over megabytes of records cost it as much CPU as the proxy spent.
     */
    private static long count(byte[] body, int length) {
        long n = 0;
        int last = length - OFFSET.length;
        for (int at = 0; at < last; at++) {
            if (body[at] == '"' && matches(body, at) && Character.isDigit(body[at + OFFSET.length])) {
                n++; // a failed record's offset is null
                at += OFFSET.length;
            }
        }
        return n;
    }

    private static boolean matches(byte[] body, int at) {
        for (int i = 1; i < OFFSET.length; i++) {
            if (body[at + i] != OFFSET[i]) {
                return false;
            }
        }
        return true;
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", V2_JSON).header("Accept", V2_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private String send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
