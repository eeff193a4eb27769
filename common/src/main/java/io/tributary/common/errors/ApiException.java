package io.tributary.common.errors;

/**
 * A failure that has a place on the wire: the HTTP status and the envelope to answer with. Engines throw their
 * own domain exceptions; the web layer of each service turns those into this one.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final ErrorEnvelope envelope;

    public ApiException(int status, ErrorEnvelope envelope) {
        super(envelope.message());
        this.status = status;
        this.envelope = envelope;
    }

    public ApiException(int status, ErrorEnvelope envelope, Throwable cause) {
        super(envelope.message(), cause);
        this.status = status;
        this.envelope = envelope;
    }

    /** An error whose code is the HTTP status itself (Connect, Kyuubi, generic REST Proxy errors). */
    public static ApiException of(int status, String message) {
        return new ApiException(status, new ErrorEnvelope(status, message));
    }

    public int status() {
        return status;
    }

    public ErrorEnvelope envelope() {
        return envelope;
    }
}
