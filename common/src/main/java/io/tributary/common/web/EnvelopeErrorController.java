package io.tributary.common.web;

import io.tributary.common.errors.ApiException;
import io.tributary.common.errors.ErrorCodeScheme;
import io.tributary.common.errors.ErrorEnvelope;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the servlet container's error dispatches (failures outside Spring MVC: filters, the container itself)
 * with the envelope instead of Boot's whitelabel page or its {@code timestamp/status/error} body.
 */
@RestController
public class EnvelopeErrorController implements ErrorController {

    private final ErrorCodeScheme codes;

    public EnvelopeErrorController(ErrorCodeScheme codes) {
        this.codes = codes;
    }

    @RequestMapping(path = "${server.error.path:${error.path:/error}}", produces = MediaType.ALL_VALUE)
    public ResponseEntity<ErrorEnvelope> error(HttpServletRequest request) {
        Object error = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (error instanceof ApiException api) {
            return respond(api.status(), api.envelope());
        }
        int status = statusOf(request);
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String text = message instanceof String s && !s.isBlank() ? s : reason(status);
        return respond(status, codes.envelope(status, text));
    }

    private static int statusOf(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        return code instanceof Integer i && i >= 400 ? i : 500;
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return "HTTP " + status + (known == null ? "" : " " + known.getReasonPhrase());
    }

    private static ResponseEntity<ErrorEnvelope> respond(int status, ErrorEnvelope body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
