package io.tributary.connect.connectors;

/** An {@code Idempotency-Key} already used for another request: answered 422. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String message) {
        super(message);
    }
}
