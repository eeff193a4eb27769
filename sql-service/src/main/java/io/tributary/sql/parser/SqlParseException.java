package io.tributary.sql.parser;

/** The text is not a statement of the dialect. The message starts with {@code line L:C:} as ksqlDB's does. */
public class SqlParseException extends RuntimeException {

    public SqlParseException(String message) {
        super(message);
    }
}
