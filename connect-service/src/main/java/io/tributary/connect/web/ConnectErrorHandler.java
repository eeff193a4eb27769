package io.tributary.connect.web;

import io.tributary.common.errors.ErrorCodeScheme;
import io.tributary.common.kafka.KafkaUnavailableException;
import io.tributary.common.web.EnvelopeExceptionHandler;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** connect-service's one error mapper: Connect answers {@code {error_code: <HTTP status>, message}}. */
@RestControllerAdvice
class ConnectErrorHandler extends EnvelopeExceptionHandler {

    ConnectErrorHandler() {
        super(ErrorCodeScheme.HTTP_STATUS);
    }

    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<Object> kafkaUnavailable(KafkaUnavailableException ex) {
        return envelope(503, codes().envelope(503, ex.getMessage()));
    }
}
