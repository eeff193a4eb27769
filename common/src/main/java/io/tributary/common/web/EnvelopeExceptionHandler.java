package io.tributary.common.web;

import io.tributary.common.errors.ApiException;
import io.tributary.common.errors.ErrorCodeScheme;
import io.tributary.common.errors.ErrorEnvelope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * The base of every service's one {@code @RestControllerAdvice}: Spring MVC's own failures (unknown path, wrong
 * method, wrong content type, malformed or oversized body...) and {@link ApiException}s become the envelope, in
 * the numbering of the service's {@link ErrorCodeScheme}. Anything unexpected is logged and answered as a 500
 * envelope without a stack trace. Services extend it and add handlers for their own domain exceptions.
 */
public abstract class EnvelopeExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeExceptionHandler.class);

    private final ErrorCodeScheme codes;

    protected EnvelopeExceptionHandler(ErrorCodeScheme codes) {
        this.codes = codes;
    }

    protected ErrorCodeScheme codes() {
        return codes;
    }

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<Object> handleApiException(ApiException ex) {
        return envelope(ex.status(), ex.envelope());
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request,
            HttpServletResponse response) {
        if (response.isCommitted()) {
            // a stream already under way (push query, records): nothing can be added to it but its end
            log.debug("Failure after the answer to {} {} was committed", request.getMethod(), request.getRequestURI(), ex);
            return null;
        }
        log.error("Unhandled failure of {} {}", request.getMethod(), request.getRequestURI(), ex);
        return envelope(500, codes.envelope(500, "Internal server error: " + safeMessage(ex)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && servlet.getResponse() != null
                && servlet.getResponse().isCommitted()) {
            return null;
        }
        int status = statusCode.value();
        String message = messageFor(ex, status, request);
        if (ex instanceof HttpMessageNotReadableException && causedByOversizedBody(ex)) {
            status = 413;
            message = rootCause(ex).getMessage();
        }
        return envelope(status, codes.envelope(status, message), headers);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return envelope(413, codes.envelope(413, "Request body is larger than the configured limit"), headers);
    }

    private String messageFor(Exception ex, int status, WebRequest request) {
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            return "HTTP 404 Not Found";
        }
        if (ex instanceof HttpRequestMethodNotSupportedException m) {
            return "HTTP 405 Method Not Allowed: " + m.getMethod() + " is not supported on "
                    + pathOf(request);
        }
        if (ex instanceof HttpMediaTypeNotSupportedException m) {
            return "HTTP 415 Unsupported Media Type: Content-Type '" + m.getContentType()
                    + "' is not supported; supported: " + m.getSupportedMediaTypes();
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException m) {
            return "HTTP 406 Not Acceptable: this resource produces " + m.getSupportedMediaTypes();
        }
        if (ex instanceof HttpMessageNotReadableException) {
            return malformedBodyMessage(ex);
        }
        String reason = HttpStatus.resolve(status) != null ? HttpStatus.resolve(status).getReasonPhrase() : "Error";
        return ex.getMessage() != null ? ex.getMessage() : reason;
    }

    /** Names what was wrong with the body without echoing parser internals. */
    public static String malformedBodyMessage(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof JacksonException json) {
                String original = json.getOriginalMessage();
                return "Malformed request body: " + abbreviate(firstLine(original));
            }
        }
        return "Malformed request body: the request body is missing or is not valid JSON";
    }

    private static boolean causedByOversizedBody(Throwable ex) {
        return rootCause(ex) instanceof RequestTooLargeException;
    }

    private static Throwable rootCause(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String pathOf(WebRequest request) {
        if (request instanceof NativeWebRequest n && n.getNativeRequest() instanceof HttpServletRequest r) {
            return r.getRequestURI();
        }
        return "this path";
    }

    private static String safeMessage(Throwable ex) {
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : firstLine(ex.getMessage());
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    protected static ResponseEntity<Object> envelope(int status, ErrorEnvelope body) {
        return envelope(status, body, HttpHeaders.EMPTY);
    }

    // The content type is set explicitly so the envelope is written even when the client's Accept
    // header matched nothing this endpoint produces.
    protected static ResponseEntity<Object> envelope(int status, ErrorEnvelope body, HttpHeaders headers) {
        HttpHeaders out = new HttpHeaders();
        if (headers != null) {
            out.putAll(headers);
        }
        out.setContentType(MediaType.APPLICATION_JSON);
        return ResponseEntity.status(status).headers(out).body(body);
    }
}
