package io.tributary.session.web;

import io.tributary.common.errors.ErrorCodeScheme;
import io.tributary.common.web.EnvelopeExceptionHandler;
import io.tributary.session.errors.KyuubiException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * session-service's one error mapper. Kyuubi answers {@code {"message": ...}}; the envelope keeps that field and
 * adds {@code error_code}, the HTTP status.
 */
@RestControllerAdvice
class KyuubiErrorHandler extends EnvelopeExceptionHandler {

    KyuubiErrorHandler() {
        super(ErrorCodeScheme.HTTP_STATUS);
    }

    @ExceptionHandler(KyuubiException.class)
    ResponseEntity<Object> handleKyuubi(KyuubiException ex) {
        int status = switch (ex.reason()) {
            case NOT_FOUND -> 404;
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
        return envelope(status, codes().envelope(status, ex.getMessage()));
    }
}
