package io.tributary.sql.expression;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Expression.*;
import java.util.stream.Collectors;

/** An expression written back as SQL, the way error messages and statement texts show it. */
public final class ExpressionText {

    private ExpressionText() {
    }

    public static String of(Expression e) {
        if (e instanceof StringLiteral s) {
            return "'" + s.value().replace("'", "''") + "'";
        }
        if (e instanceof NullLiteral) {
            return "null";
        }
        if (e instanceof Literal l) {
            return String.valueOf(l.value());
        }
        if (e instanceof ColumnRef c) {
            return c.source().map(s -> s + ".").orElse("") + c.name();
        }
        if (e instanceof LambdaVariable v) {
            return v.name();
        }
        if (e instanceof Lambda l) {
            return "(" + String.join(", ", l.parameters()) + ") => " + of(l.body());
        }
        if (e instanceof Dereference d) {
            return of(d.base()) + "->" + d.field();
        }
        if (e instanceof Subscript s) {
            return of(s.base()) + "[" + of(s.index()) + "]";
        }
        if (e instanceof Arithmetic a) {
            String op = switch (a.op()) {
                case ADD -> "+";
                case SUBTRACT -> "-";
                case MULTIPLY -> "*";
                case DIVIDE -> "/";
                case MODULUS -> "%";
            };
            return "(" + of(a.left()) + " " + op + " " + of(a.right()) + ")";
        }
        if (e instanceof Negation n) {
            return "-" + of(n.operand());
        }
        if (e instanceof Concat c) {
            return "(" + of(c.left()) + " || " + of(c.right()) + ")";
        }
        if (e instanceof Comparison c) {
            String op = switch (c.op()) {
                case EQUAL -> "=";
                case NOT_EQUAL -> "<>";
                case LESS_THAN -> "<";
                case LESS_THAN_OR_EQUAL -> "<=";
                case GREATER_THAN -> ">";
                case GREATER_THAN_OR_EQUAL -> ">=";
            };
            return "(" + of(c.left()) + " " + op + " " + of(c.right()) + ")";
        }
        if (e instanceof Logical l) {
            return "(" + of(l.left()) + " " + l.op() + " " + of(l.right()) + ")";
        }
        if (e instanceof Not n) {
            return "(NOT " + of(n.operand()) + ")";
        }
        if (e instanceof IsNull n) {
            return "(" + of(n.operand()) + (n.negated() ? " IS NOT NULL)" : " IS NULL)");
        }
        if (e instanceof IsDistinctFrom d) {
            return "(" + of(d.left()) + (d.negated() ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
                    + of(d.right()) + ")";
        }
        if (e instanceof Between b) {
            return "(" + of(b.value()) + (b.negated() ? " NOT" : "") + " BETWEEN " + of(b.lower()) + " AND "
                    + of(b.upper()) + ")";
        }
        if (e instanceof InList in) {
            return "(" + of(in.value()) + (in.negated() ? " NOT" : "") + " IN ("
                    + in.candidates().stream().map(ExpressionText::of).collect(Collectors.joining(", ")) + "))";
        }
        if (e instanceof Like l) {
            return "(" + of(l.value()) + (l.negated() ? " NOT" : "") + " LIKE " + of(l.pattern())
                    + l.escape().map(c -> " ESCAPE '" + c + "'").orElse("") + ")";
        }
        if (e instanceof SearchedCase c) {
            return "(CASE " + c.whens().stream().map(w -> "WHEN " + of(w.condition()) + " THEN " + of(w.result()))
                    .collect(Collectors.joining(" ")) + c.otherwise().map(o -> " ELSE " + of(o)).orElse("") + " END)";
        }
        if (e instanceof SimpleCase c) {
            return "(CASE " + of(c.operand()) + " " + c.whens().stream()
                    .map(w -> "WHEN " + of(w.condition()) + " THEN " + of(w.result()))
                    .collect(Collectors.joining(" ")) + c.otherwise().map(o -> " ELSE " + of(o)).orElse("") + " END)";
        }
        if (e instanceof Cast c) {
            return "CAST(" + of(c.operand()) + " AS " + c.type() + ")";
        }
        if (e instanceof FunctionCall f) {
            return f.name() + "(" + (f.star() ? "*"
                    : f.arguments().stream().map(ExpressionText::of).collect(Collectors.joining(", "))) + ")";
        }
        if (e instanceof ArrayConstructor a) {
            return "ARRAY[" + a.elements().stream().map(ExpressionText::of).collect(Collectors.joining(", ")) + "]";
        }
        if (e instanceof MapConstructor m) {
            return "MAP(" + m.entries().stream().map(x -> of(x.key()) + ":=" + of(x.value()))
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof StructConstructor s) {
            return "STRUCT(" + s.fields().stream().map(x -> x.name() + ":=" + of(x.value()))
                    .collect(Collectors.joining(", ")) + ")";
        }
        return e.toString();
    }
}
