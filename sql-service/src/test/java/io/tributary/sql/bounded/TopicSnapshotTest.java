package io.tributary.sql.bounded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** A table read as a bounded input on the real broker: its live keys, and the bound on how many it may hold. */
class TopicSnapshotTest {

    private final String bootstrap = TestInfrastructure.get().kafkaBootstrap();

    private TopicSnapshot snapshot(int maxKeys) {
        return new TopicSnapshot(() -> new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()), maxKeys);
    }

    private String tableTopic(String... keyValues) throws Exception {
        String topic = TestInfrastructure.uniqueName("snapshot");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                TestInfrastructure.get().producerConfig(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < keyValues.length; i += 2) {
                producer.send(new ProducerRecord<>(topic, keyValues[i], keyValues[i + 1]));
            }
            producer.flush();
        }
        return topic;
    }

    @Test
    void aTableIsItsLatestValuePerKeyWithTombstonedKeysGone() throws Exception {
        String topic = tableTopic("a", "1", "b", "2", "a", "3", "b", null, "c", "4");

        var state = snapshot(2).latestByKey(topic, Interruption.none());

        assertThat(state.values()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("3", "4");
    }

    @Test
    void aTableWithMoreLiveKeysThanTheBoundIsRefusedInsteadOfFillingTheHeap() throws Exception {
        String topic = tableTopic("a", "1", "b", "2", "c", "3");

        assertThatThrownBy(() -> snapshot(2).latestByKey(topic, Interruption.none()))
                .isInstanceOf(BoundedQueryEngine.TooManyRows.class)
                .hasMessageContaining("more than 2 live keys");
    }
}
