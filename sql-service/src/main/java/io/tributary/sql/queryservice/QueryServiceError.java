package io.tributary.sql.queryservice;

/** One entry of AsterixDB's {@code errors} array: {@code {"code": 1, "msg": "ASX1001: Syntax error: ..."}}. */
public record QueryServiceError(int code, String msg) {

    public static QueryServiceError of(String asx, String message) {
        return new QueryServiceError(1, asx + ": " + message);
    }
}
