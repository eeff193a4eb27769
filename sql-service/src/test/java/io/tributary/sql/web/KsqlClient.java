package io.tributary.sql.web;

import io.tributary.common.TributaryApplication;
import io.tributary.sql.SqlServiceApplication;
import io.tributary.testkit.ServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** What the sql-service integration tests share: posting statements, producing and reading topics. */
public abstract class KsqlClient extends ServiceIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A source name no other test uses, upper-case as unquoted identifiers are. */
    protected static String uniqueName(String prefix) {
        return TestInfrastructure.uniqueName(prefix).toUpperCase(Locale.ROOT);
    }

    protected HttpResponse<String> ksql(String sql) {
        return ksql(sql, Map.of());
    }

    protected HttpResponse<String> ksql(String sql, Map<String, Object> streamsProperties) {
        String body = JSON.writeValueAsString(Map.of("ksql", sql, "streamsProperties", streamsProperties));
        return post("/ksql", "application/vnd.ksql.v1+json", body, "Accept", "application/vnd.ksql.v1+json");
    }

    protected static List<Map<String, Object>> entities(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() { });
    }

    protected static Map<String, Object> object(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    protected static Map<String, Object> json(String text) {
        return JSON.readValue(text, new TypeReference<Map<String, Object>>() { });
    }

    protected void produce(String topic, List<String[]> keyValues) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(infra().producerConfig(),
                new StringSerializer(), new StringSerializer())) {
            for (String[] kv : keyValues) {
                producer.send(new ProducerRecord<>(topic, kv[0], kv[1]));
            }
            producer.flush();
        }
    }

    /** Records of {@code topic} at the given times: {key, value (null: a tombstone), timestamp (epoch ms)}. */
    protected void produceAt(String topic, List<Object[]> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(infra().producerConfig(),
                new StringSerializer(), new StringSerializer())) {
            for (Object[] r : records) {
                producer.send(new ProducerRecord<>(topic, null, (Long) r[2], (String) r[0], (String) r[1]));
            }
            producer.flush();
        }
    }

    protected List<ConsumerRecord<String, String>> consume(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            consumer.subscribe(List.of(topic));
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static TopicPartition partition(String topic) {
        return new TopicPartition(topic, 0);
    }

    /**
     * Another sql-service instance in this JVM, on the test broker and database, on a port of its own, with the
     * command log in {@code schema} (the tests' own: a second instance of the same server) and local state of its
     * own, as another host would have; {@code arguments} go on its command line (they outrank the test resources'
     * properties, as default properties do not).
     */
    protected ConfigurableApplicationContext startInstance(String schema, String... arguments) throws IOException {
        Map<String, Object> properties = Map.of(
                "SERVER_PORT", "0",
                "KAFKA_BOOTSTRAP_SERVERS", infra().kafkaBootstrap(),
                "DB_URL", infra().jdbcUrl(),
                "DB_USER", infra().user(),
                "DB_PASSWORD", infra().password(),
                "DB_SCHEMA", schema,
                "ksql.command-log.poll-interval", "200ms");
        List<String> commandLine = new ArrayList<>(List.of(arguments));
        commandLine.add("--ksql.streams.state-dir=" + Files.createTempDirectory("sql-instance"));
        return TributaryApplication.builder(SqlServiceApplication.class, SqlServiceApplication.NAME,
                WebApplicationType.SERVLET).properties(properties).run(commandLine.toArray(String[]::new));
    }
}
