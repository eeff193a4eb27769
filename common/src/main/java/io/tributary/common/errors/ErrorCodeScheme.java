package io.tributary.common.errors;

/**
 * How an API numbers the errors that are not its own domain errors (unknown path, wrong method, malformed JSON,
 * oversized body...). Connect, Kyuubi and the REST Proxy use the HTTP status; ksqlDB multiplies it by 100 and
 * adds its {@code @type}. A service declares one bean of this type; without one the HTTP status is used.
 */
@FunctionalInterface
public interface ErrorCodeScheme {

    ErrorEnvelope envelope(int httpStatus, String message);

    ErrorCodeScheme HTTP_STATUS = ErrorEnvelope::new;
}
