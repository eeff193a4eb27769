package io.tributary.sql.queries;

import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.metastore.Column;

/** A column of a query's result and the expression that computes it from the source row. */
public record ProjectedColumn(Column column, TypedExpression expression) {
}
