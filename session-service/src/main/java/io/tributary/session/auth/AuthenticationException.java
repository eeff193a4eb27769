package io.tributary.session.auth;

/** A login that does not hold: the client gets 401 with this message. */
public class AuthenticationException extends Exception {

    public AuthenticationException(String message) {
        super(message);
    }

    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
