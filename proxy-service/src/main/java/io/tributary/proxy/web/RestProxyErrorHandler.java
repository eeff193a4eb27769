package io.tributary.proxy.web;

import io.tributary.common.errors.ErrorCodeScheme;
import io.tributary.common.errors.ErrorEnvelope;
import io.tributary.common.kafka.KafkaUnavailableException;
import io.tributary.common.web.EnvelopeExceptionHandler;
import io.tributary.proxy.errors.RestProxyError;
import io.tributary.proxy.errors.RestProxyException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * proxy-service's one error mapper. Like Confluent's proxy, generic HTTP failures carry the HTTP status as their
 * code; the proxy's own errors come from the {@link RestProxyError} catalogue; Kafka failures are 50002.
 */
@RestControllerAdvice
class RestProxyErrorHandler extends EnvelopeExceptionHandler {

    RestProxyErrorHandler() {
        super(ErrorCodeScheme.HTTP_STATUS);
    }

    @ExceptionHandler(RestProxyException.class)
    ResponseEntity<Object> restProxy(RestProxyException ex) {
        RestProxyError error = ex.error();
        return envelope(error.status(), new ErrorEnvelope(error.code(), ex.getMessage()));
    }

    /** A path segment of the wrong type ({@code /partitions/abc}) names no resource: 404, as JAX-RS answers. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> wrongPathSegment(MethodArgumentTypeMismatchException ex) {
        if (ex.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return envelope(404, new ErrorEnvelope(404, "HTTP 404 Not Found"));
        }
        return envelope(400, new ErrorEnvelope(400, "Invalid value for parameter '" + ex.getName() + "'"));
    }

    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<Object> kafkaUnavailable(KafkaUnavailableException ex) {
        RestProxyError error = RestProxyError.KAFKA_ERROR;
        return envelope(error.status(), new ErrorEnvelope(error.code(), ex.getMessage()));
    }
}
