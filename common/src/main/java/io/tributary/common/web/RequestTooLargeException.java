package io.tributary.common.web;

import java.io.IOException;

/** Thrown while reading a request body that grows past the configured limit. */
public class RequestTooLargeException extends IOException {

    private final long limit;

    public RequestTooLargeException(long limit) {
        super("Request body is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
