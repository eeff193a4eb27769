package io.tributary.sql.queryservice;

/**
 * A request that cannot be answered with results: its AsterixDB error, the response {@code status} ({@code fatal},
 * {@code timeout}...) and the HTTP status AsterixDB answers with (400 for bad requests and statements, 200 for a
 * timeout, 500 for a cancelled or failed execution).
 */
public class QueryServiceException extends RuntimeException {

    private final QueryServiceError error;
    private final String status;
    private final int httpStatus;

    public QueryServiceException(QueryServiceError error, String status, int httpStatus) {
        super(error.msg());
        this.error = error;
        this.status = status;
        this.httpStatus = httpStatus;
    }

    /** A bad request or statement: 400, status fatal. */
    public static QueryServiceException badRequest(String asx, String message) {
        return new QueryServiceException(QueryServiceError.of(asx, message), "fatal", 400);
    }

    public static QueryServiceException invalidParameter(String name) {
        return badRequest("ASX0047", "Invalid value for parameter '" + name + "'");
    }

    public QueryServiceError error() {
        return error;
    }

    public String status() {
        return status;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
