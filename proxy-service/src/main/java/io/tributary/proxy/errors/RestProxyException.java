package io.tributary.proxy.errors;

/** A failure with its place in the {@link RestProxyError} catalogue; the web layer answers it as the envelope. */
public class RestProxyException extends RuntimeException {

    private final RestProxyError error;

    RestProxyException(RestProxyError error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    public RestProxyError error() {
        return error;
    }
}
