package io.tributary.session.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.SessionServiceIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

class SessionEventsTopicTest extends SessionServiceIntegrationTest {

    @Test
    void sessionAndOperationEventsArePublishedToTheEventsTopic() {
        String session = openSession();
        execute(session, "SELECT 1");
        closeSession(session);

        List<ConsumerRecord<String, String>> mine = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "events-" + session,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("kyuubi_events"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && mine.stream().noneMatch(SessionEventsTopicTest::closed)) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (session.equals(r.key())) {
                        mine.add(r);
                    }
                });
            }
        }

        assertThat(mine).extracting(SessionEventsTopicTest::eventType).contains("kyuubi_session", "kyuubi_operation");
        assertThat(mine).filteredOn(r -> eventType(r).equals("kyuubi_operation"))
                .anySatisfy(r -> assertThat(r.value()).contains("\"state\":\"FINISHED_STATE\"", "SELECT 1"));
        assertThat(mine).anyMatch(SessionEventsTopicTest::closed);
    }

    private static boolean closed(ConsumerRecord<String, String> record) {
        return eventType(record).equals("kyuubi_session") && !record.value().contains("\"endTime\":0");
    }

    private static String eventType(ConsumerRecord<String, String> record) {
        var header = record.headers().lastHeader("eventType");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
