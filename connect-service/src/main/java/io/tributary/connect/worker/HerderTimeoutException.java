package io.tributary.connect.worker;

/** The herder did not answer within the request timeout; the message names what was waited for. */
public class HerderTimeoutException extends RuntimeException {

    public HerderTimeoutException(String message) {
        super(message);
    }
}
