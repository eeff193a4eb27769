package io.tributary.proxy.consumers;

import io.tributary.proxy.records.EmbeddedFormat;
import java.time.Duration;
import java.util.Map;

/**
 * What a client asked for when it created a consumer instance, as kept in PostgreSQL.
 *
 * @param kafkaConfig the settings passed through to the {@code KafkaConsumer} ({@code auto.offset.reset}, ...)
 * @param requestTimeout the instance's {@code consumer.request.timeout.ms}, when it gave one
 */
public record ConsumerDefinition(String group, String instanceId, EmbeddedFormat format,
        Map<String, String> kafkaConfig, Duration requestTimeout) {
}
