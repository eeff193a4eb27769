package io.tributary.sql.engine;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Expressions;
import io.tributary.sql.expression.ExpressionText;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WHERE clause of a pull query when table scans are off ({@code ksql.query.pull.table.scan.enabled=false}):
 * each disjunct must look keys up, every key column compared once with {@code =} (or {@code IN}) to an expression
 * that reads no column; bounds on {@code WINDOWSTART}/{@code WINDOWEND} and other filters may come beside them.
 * Anything else is refused with ksqlDB's message. NULL keys are refused in either mode.
 */
final class PullQueryKeyBounds {

    private PullQueryKeyBounds() {
    }

    /** Key lookups ksqlDB refuses in either mode: NULL keys, text where the key is not a STRING. */
    static void checkKeyLiterals(Optional<Expression> where, DataSource source) {
        where.ifPresent(w -> Expressions.forEach(w, node -> {
            if (node instanceof Expression.InList in && !in.negated() && key(in.value(), source).isPresent()) {
                Column key = key(in.value(), source).get();
                for (Expression candidate : in.candidates()) {
                    if (candidate instanceof Expression.NullLiteral) {
                        throw new KsqlStatementException("Primary key columns can not be NULL: ("
                                + ExpressionText.of(in.value()) + " = null)");
                    }
                    if (candidate instanceof Expression.StringLiteral text
                            && key.type().base() != io.tributary.sql.ast.SqlType.BaseType.STRING) {
                        throw new KsqlStatementException(ExpressionText.of(text) + " can not be converted to the"
                                + " type of the key column: " + key.name() + " " + key.type() + " KEY");
                    }
                }
            }
            if (node instanceof Expression.Comparison c && (c.left() instanceof Expression.NullLiteral
                    || c.right() instanceof Expression.NullLiteral)) {
                Expression other = c.left() instanceof Expression.NullLiteral ? c.right() : c.left();
                Optional<Column> column = other instanceof Expression.ColumnRef ref ? source.column(ref.name())
                        : Optional.empty();
                if (column.isPresent()) {
                    String type = column.get().type().toString();
                    String symbol = switch (c.op()) {
                        case EQUAL -> "=";
                        case NOT_EQUAL -> "<>";
                        case LESS_THAN -> "<";
                        case LESS_THAN_OR_EQUAL -> "<=";
                        case GREATER_THAN -> ">";
                        case GREATER_THAN_OR_EQUAL -> ">=";
                    };
                    String text = c.left() instanceof Expression.NullLiteral ? "NULL " + symbol + " " + type
                            : type + " " + symbol + " NULL";
                    throw new KsqlStatementException("Error in WHERE expression: Comparison with NULL not supported: "
                            + text + "\nUse 'IS NULL' or 'IS NOT NULL' instead.\nStatement: "
                            + ExpressionText.of(w));
                }
            }
        }));
    }

    static void check(Optional<Expression> where, DataSource source) {
        if (where.isEmpty()) {
            throw new KsqlStatementException("Pull queries don't support table scans without a WHERE clause on the"
                    + " key when ksql.query.pull.table.scan.enabled is false.");
        }
        List<Expression> disjuncts = new ArrayList<>();
        split(where.get(), Expression.LogicalOp.OR, disjuncts);
        for (Expression disjunct : disjuncts) {
            List<Expression> conjuncts = new ArrayList<>();
            split(disjunct, Expression.LogicalOp.AND, conjuncts);
            Map<String, Integer> bounds = new HashMap<>();
            for (Expression conjunct : conjuncts) {
                if (conjunct instanceof Expression.Comparison c) {
                    Optional<Column> left = key(c.left(), source);
                    Optional<Column> right = key(c.right(), source);
                    if (left.isPresent() || right.isPresent()) {
                        Column key = left.orElseGet(right::get);
                        Expression other = left.isPresent() ? c.right() : c.left();
                        if (readsColumns(other)) {
                            throw new KsqlStatementException("A comparison must be between a key column and a"
                                    + " resolvable expression.");
                        }
                        if (c.op() == Expression.ComparisonOp.NOT_EQUAL) {
                            throw new KsqlStatementException("Bound on key columns '[" + key.describe()
                                    + "]' must currently be '='. ");
                        }
                        bounds.merge(key.name(), 1, Integer::sum);
                        continue;
                    }
                    if (windowBound(c.left()) || windowBound(c.right())) {
                        continue;
                    }
                    if (readsKey(c, source)) {
                        throw new KsqlStatementException("A comparison must directly reference a key column.");
                    }
                } else if (conjunct instanceof Expression.InList in && !in.negated()) {
                    Optional<Column> key = key(in.value(), source);
                    if (key.isPresent()) {
                        if (in.candidates().stream().anyMatch(PullQueryKeyBounds::readsColumns)) {
                            throw new KsqlStatementException("A comparison must be between a key column and a"
                                    + " resolvable expression.");
                        }
                        bounds.merge(key.get().name(), 1, Integer::sum);
                    }
                }
            }
            if (bounds.values().stream().anyMatch(n -> n > 1)) {
                throw new KsqlStatementException("A comparison condition on the key column cannot be combined with"
                        + " other comparisons such as an IN predicate");
            }
            if (bounds.isEmpty()) {
                throw new KsqlStatementException("WHERE clause missing key column for disjunct: "
                        + ExpressionText.of(disjunct));
            }
            if (bounds.size() < source.keyColumns().size()) {
                throw new KsqlStatementException("Multi-column sources must specify every key in the WHERE clause");
            }
        }
        // a key compared by range rather than equality
        Expressions.forEach(where.get(), node -> {
            if (node instanceof Expression.Comparison c && c.op() != Expression.ComparisonOp.EQUAL
                    && (key(c.left(), source).isPresent() || key(c.right(), source).isPresent())) {
                Column key = key(c.left(), source).orElseGet(() -> key(c.right(), source).get());
                throw new KsqlStatementException("Bound on key columns '[" + key.describe()
                        + "]' must currently be '='. ");
            }
        });
    }

    private static void split(Expression e, Expression.LogicalOp op, List<Expression> into) {
        if (e instanceof Expression.Logical l && l.op() == op) {
            split(l.left(), op, into);
            split(l.right(), op, into);
        } else {
            into.add(e);
        }
    }

    private static Optional<Column> key(Expression e, DataSource source) {
        if (e instanceof Expression.ColumnRef ref) {
            return source.column(ref.name()).filter(Column::isKey);
        }
        return Optional.empty();
    }

    private static boolean windowBound(Expression e) {
        return e instanceof Expression.ColumnRef ref
                && (ref.name().equals("WINDOWSTART") || ref.name().equals("WINDOWEND"));
    }

    private static boolean readsColumns(Expression e) {
        boolean[] found = {false};
        Expressions.forEach(e, n -> found[0] |= n instanceof Expression.ColumnRef);
        return found[0];
    }

    private static boolean readsKey(Expression e, DataSource source) {
        boolean[] found = {false};
        Expressions.forEach(e, n -> found[0] |= key(n, source).isPresent());
        return found[0];
    }
}
