package io.tributary.session.events;

import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes every session and operation event to a Kafka topic, as Kyuubi's JSON event logging does to files, so
 * the history can be consumed. It has a thread and a bounded queue of its own: a slow or absent broker drops
 * events (logged) and never holds up the PostgreSQL history or a client.
 */
@Component
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final String topic;
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(10_000), runnable -> {
                Thread thread = new Thread(runnable, "kyuubi-event-publisher");
                thread.setDaemon(true);
                return thread;
            });

    public EventPublisher(KafkaTemplate<String, String> kafka,
            @Value("${kyuubi.events.topic:kyuubi_events}") String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    void publish(String sessionId, String eventType, String json) {
        try {
            sender.execute(() -> send(sessionId, eventType, json));
        } catch (RejectedExecutionException e) {
            log.warn("Dropped a {} event of session {}: the publisher is {}", eventType, sessionId,
                    sender.isShutdown() ? "stopped" : "behind");
        }
    }

    private void send(String sessionId, String eventType, String json) {
        try {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, sessionId, json);
            record.headers().add("eventType", eventType.getBytes(StandardCharsets.UTF_8));
            kafka.send(record);
        } catch (RuntimeException e) {
            log.warn("Could not publish a {} event of session {} to {}: {}", eventType, sessionId, topic,
                    e.getMessage());
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(2, TimeUnit.SECONDS)) {
            sender.shutdownNow();
        }
    }
}
