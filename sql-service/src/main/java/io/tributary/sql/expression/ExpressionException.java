package io.tributary.sql.expression;

/** An expression does not fit its schema: unknown column, wrong types, unknown function. */
public class ExpressionException extends RuntimeException {

    public ExpressionException(String message) {
        super(message);
    }
}
