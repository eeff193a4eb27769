package io.tributary.sql.expression;

import io.tributary.sql.ast.SqlType;

/** An expression checked against a schema: its result type (null for the NULL literal) and how to compute it. */
public record TypedExpression(SqlType type, Evaluator evaluator) {
}
