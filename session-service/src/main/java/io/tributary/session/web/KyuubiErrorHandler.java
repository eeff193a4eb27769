package io.tributary.session.web;

import io.tributary.common.errors.ErrorCodeScheme;
import io.tributary.common.web.EnvelopeExceptionHandler;
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
}
