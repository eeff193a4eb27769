package io.tributary.sql.expression;

import java.util.Map;

/** A compiled expression: evaluates against one row (column name to value). Returns null for SQL NULL. */
@FunctionalInterface
public interface Evaluator {
    Object evaluate(Map<String, Object> row);
}
