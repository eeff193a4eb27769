package io.tributary.sql.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producer {@code INSERT INTO ... VALUES} writes with: one per server, each insert acknowledged. */
public class RowProducer implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final KafkaProducer<byte[], byte[]> producer;

    public RowProducer(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "tributary-ksql-insert-values",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                // a stream's topic may have been created a moment ago: with one request in flight, a first batch the
                // new partition refuses cannot be overtaken and then refused as out of sequence (KAFKA-15591)
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(String topic, byte[] key, byte[] value, Long timestamp) {
        try {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KsqlStatementException("Failed to insert values into '" + topic + "'. "
                    + e.getCause().getMessage());
        } catch (InterruptedException | TimeoutException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new KsqlStatementException("Failed to insert values into '" + topic + "'. " + e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
