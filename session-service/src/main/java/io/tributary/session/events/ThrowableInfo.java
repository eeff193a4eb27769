package io.tributary.session.events;

/**
 * An exception as Kyuubi serialises a {@code Throwable} (its client reads the field back into one): the message,
 * no stack trace.
 */
public record ThrowableInfo(String message) {

    public static ThrowableInfo of(String message) {
        return message == null ? null : new ThrowableInfo(message);
    }
}
