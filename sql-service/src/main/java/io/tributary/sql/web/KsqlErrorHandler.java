package io.tributary.sql.web;

import io.tributary.common.errors.ErrorCodeScheme;
import io.tributary.common.errors.ErrorEnvelope;
import io.tributary.common.kafka.KafkaUnavailableException;
import io.tributary.common.web.EnvelopeExceptionHandler;
import io.tributary.sql.engine.RequestFailure;
import io.tributary.sql.entity.KsqlEntityList;
import io.tributary.sql.queries.PushQueries;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * sql-service's one error mapper. ksqlDB numbers generic errors as the HTTP status times 100 and tags them
 * {@code "@type": "generic_error"} (40000 bad request, 40400 not found, 50000 server error...).
 */
@RestControllerAdvice
class KsqlErrorHandler extends EnvelopeExceptionHandler {

    static final ErrorCodeScheme KSQL_CODES =
            (status, message) -> new ErrorEnvelope(status * 100, message).with("@type", "generic_error");

    KsqlErrorHandler() {
        super(KSQL_CODES);
    }

    /** A statement of a {@code /ksql} request failed: ksqlDB's statement_error, with what ran before it. */
    @ExceptionHandler(RequestFailure.class)
    ResponseEntity<Object> statementFailed(RequestFailure ex) {
        ErrorEnvelope body = new ErrorEnvelope(ex.errorCode(), ex.getMessage())
                .with("@type", "statement_error")
                .with("statementText", ex.statementText())
                .with("entities", new KsqlEntityList(ex.entities()));
        return envelope(ex.errorCode() / 100, body);
    }

    /** ksqlDB's answer when {@code ksql.max-push-queries} push queries already run. */
    @ExceptionHandler(PushQueries.TooManyPushQueries.class)
    ResponseEntity<Object> tooManyPushQueries(PushQueries.TooManyPushQueries ex) {
        return envelope(400, new ErrorEnvelope(40003, ex.getMessage()).with("@type", "generic_error"));
    }

    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<Object> kafkaUnavailable(KafkaUnavailableException ex) {
        return envelope(503, codes().envelope(503, ex.getMessage()));
    }

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class Codes {
        @Bean
        ErrorCodeScheme ksqlErrorCodes() {
            return KSQL_CODES;
        }
    }
}
