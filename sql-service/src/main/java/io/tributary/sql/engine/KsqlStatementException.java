package io.tributary.sql.engine;

/**
 * A statement was refused: it does not parse, names what does not exist, or does not fit the metastore. Nothing it
 * would have changed was changed. {@code errorCode} is ksqlDB's (40001 bad statement, 40002 wrong endpoint...).
 */
public class KsqlStatementException extends RuntimeException {

    public static final int BAD_REQUEST = 40000;
    public static final int BAD_STATEMENT = 40001;
    public static final int SERVER_ERROR = 50000;
    public static final int QUERY_ENDPOINT = 40002;

    private final int errorCode;

    public KsqlStatementException(String message) {
        this(BAD_STATEMENT, message);
    }

    public KsqlStatementException(int errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
