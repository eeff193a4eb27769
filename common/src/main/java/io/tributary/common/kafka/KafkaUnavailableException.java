package io.tributary.common.kafka;

/** The Kafka cluster did not answer within the time allowed. */
public class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
