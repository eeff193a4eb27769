package io.tributary.proxy.web;

import io.tributary.common.errors.ErrorCodeScheme;
import io.tributary.common.errors.ErrorEnvelope;
import io.tributary.common.kafka.KafkaUnavailableException;
import io.tributary.common.web.EnvelopeExceptionHandler;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * proxy-service's one error mapper. Like Confluent's proxy, generic HTTP failures carry the HTTP status as their
 * code; Kafka failures are 50002.
 */
@RestControllerAdvice
class RestProxyErrorHandler extends EnvelopeExceptionHandler {

    static final int KAFKA_ERROR = 50002;

    RestProxyErrorHandler() {
        super(ErrorCodeScheme.HTTP_STATUS);
    }

    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<Object> kafkaUnavailable(KafkaUnavailableException ex) {
        return envelope(500, new ErrorEnvelope(KAFKA_ERROR, ex.getMessage()));
    }
}
