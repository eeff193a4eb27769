package io.tributary.connect.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.ConnectApiTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class FileConnectorsEndToEndTest extends ConnectApiTest {

    private static final String STRINGS = "org.apache.kafka.connect.storage.StringConverter";

    @Test
    void fileStreamSourceWritesTheLinesOfAFileToItsTopic() throws Exception {
        String name = unique("filesource");
        String topic = unique("lines");
        Path file = Files.createTempFile("source", ".txt");
        Files.writeString(file, "first line\nsecond line\n");
        createConnector(name, Map.of("connector.class", "FileStreamSource", "tasks.max", "1",
                "file", file.toString(), "topic", topic, "value.converter", STRINGS));

        List<String> values = new ArrayList<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, unique("reader"));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= 2;
            });
            Files.writeString(file, "third line\n", java.nio.file.StandardOpenOption.APPEND);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= 3;
            });
        }
        assertThat(values).containsExactly("first line", "second line", "third line");
    }

    @Test
    void fileStreamSinkWritesTheRecordsOfATopicToAFile() throws Exception {
        String name = unique("filesink");
        String topic = unique("sinkin");
        Path file = Files.createTempFile("sink", ".txt");
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k1", "alpha")).get();
            producer.send(new ProducerRecord<>(topic, "k2", "beta")).get();
        }

        createConnector(name, Map.of("connector.class", "FileStreamSink", "tasks.max", "1",
                "file", file.toString(), "topics", topic, "key.converter", STRINGS, "value.converter", STRINGS));

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(Files.readAllLines(file)).containsExactly("alpha", "beta"));
        @SuppressWarnings("unchecked")
        Map<String, Object> topics = (Map<String, Object>) map(get("/connectors/" + name + "/topics")).get(name);
        assertThat(topics).containsEntry("topics", List.of(topic));
    }
}
