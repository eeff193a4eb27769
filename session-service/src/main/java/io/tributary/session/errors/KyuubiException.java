package io.tributary.session.errors;

/**
 * A failure of the session engine that a client caused or can act on. The web layer maps each {@link Reason} to
 * its HTTP status; the engine itself knows nothing of HTTP.
 */
public class KyuubiException extends RuntimeException {

    public enum Reason {
        /** An unknown or closed handle, and the cases Kyuubi also answers as not found. */
        NOT_FOUND,
        /** The request is wrong: a disallowed engine, a missing statement, an unsupported fetch. */
        INVALID,
        /** The caller may not do this: a denied user or client address. */
        FORBIDDEN,
        /** The operation is not in a state that allows the call. */
        CONFLICT,
        /** The engine cannot be reached or the executor is full: try again later. */
        UNAVAILABLE
    }

    private final Reason reason;

    public KyuubiException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public KyuubiException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public static KyuubiException notFound(String message) {
        return new KyuubiException(Reason.NOT_FOUND, message);
    }

    public static KyuubiException invalid(String message) {
        return new KyuubiException(Reason.INVALID, message);
    }

    public static KyuubiException forbidden(String message) {
        return new KyuubiException(Reason.FORBIDDEN, message);
    }

    public Reason reason() {
        return reason;
    }
}
