package io.tributary.sql.expression;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Expression.ArithmeticOp;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.SqlType.BaseType;
import io.tributary.sql.format.SqlValues;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** {@code + - * / %} over INTEGER, BIGINT, DECIMAL and DOUBLE, widening to the wider operand; {@code +} on strings. */
final class Arithmetics {

    private Arithmetics() {
    }

    /** The wider of two numeric types (INTEGER < BIGINT < DECIMAL < DOUBLE); otherwise the first. */
    static SqlType widest(SqlType a, SqlType b) {
        if (!a.isNumeric() || !b.isNumeric()) {
            return a;
        }
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(SqlType type) {
        return switch (type.base()) {
            case INTEGER -> 1;
            case BIGINT -> 2;
            case DECIMAL -> 3;
            default -> 4;
        };
    }

    static TypedExpression compile(ArithmeticOp op, TypedExpression left, TypedExpression right, Expression source) {
        SqlType l = left.type();
        SqlType r = right.type();
        if (source instanceof Expression.Arithmetic a
                && (a.left() instanceof Expression.NullLiteral || a.right() instanceof Expression.NullLiteral)) {
            throw new ExpressionException("Error processing expression: " + ExpressionText.of(source)
                    + ". Arithmetic on types " + typeName(l, a.left()) + " and " + typeName(r, a.right())
                    + " are not supported.");
        }
        if (op == ArithmeticOp.ADD && l != null && r != null && l.base() == BaseType.STRING
                && r.base() == BaseType.STRING) {
            return new TypedExpression(SqlType.STRING, row -> {
                Object a = left.evaluator().evaluate(row);
                Object b = right.evaluator().evaluate(row);
                return a == null || b == null ? null : a + "" + b;
            });
        }
        if ((l != null && !l.isNumeric()) || (r != null && !r.isNumeric())) {
            throw new ExpressionException("Error processing expression: " + ExpressionText.of(source)
                    + ". Unsupported arithmetic types. " + l + " " + r);
        }
        SqlType type = l == null ? (r == null ? SqlType.INTEGER : r) : r == null ? l : resultType(op, l, r);
        return new TypedExpression(type, row -> {
            Object a = left.evaluator().evaluate(row);
            Object b = right.evaluator().evaluate(row);
            return a == null || b == null ? null : apply(op, a, b, type);
        });
    }

    private static String typeName(SqlType type, Expression operand) {
        return operand instanceof Expression.NullLiteral || type == null ? "null" : type.toString();
    }

    private static SqlType resultType(ArithmeticOp op, SqlType l, SqlType r) {
        SqlType wide = widest(l, r);
        if (wide.base() != BaseType.DECIMAL) {
            return wide;
        }
        SqlType.Decimal a = asDecimal(l);
        SqlType.Decimal b = asDecimal(r);
        int precision;
        int scale;
        switch (op) {
            case ADD, SUBTRACT -> {
                scale = Math.max(a.scale(), b.scale());
                precision = Math.max(a.precision() - a.scale(), b.precision() - b.scale()) + scale + 1;
            }
            case MULTIPLY -> {
                scale = a.scale() + b.scale();
                precision = a.precision() + b.precision() + 1;
            }
            case DIVIDE -> {
                scale = Math.max(6, a.scale() + b.precision() + 1);
                precision = a.precision() - a.scale() + b.scale() + scale;
            }
            default -> {
                scale = Math.max(a.scale(), b.scale());
                precision = Math.min(a.precision() - a.scale(), b.precision() - b.scale()) + scale;
            }
        }
        precision = Math.min(precision, 38);
        scale = Math.min(scale, precision);
        return new SqlType.Decimal(precision, scale);
    }

    private static SqlType.Decimal asDecimal(SqlType type) {
        return switch (type.base()) {
            case INTEGER -> new SqlType.Decimal(10, 0);
            case BIGINT -> new SqlType.Decimal(19, 0);
            default -> (SqlType.Decimal) type;
        };
    }

    private static Object apply(ArithmeticOp op, Object a, Object b, SqlType type) {
        switch (type.base()) {
            case INTEGER: {
                int x = ((Number) a).intValue();
                int y = ((Number) b).intValue();
                return switch (op) {
                    case ADD -> x + y;
                    case SUBTRACT -> x - y;
                    case MULTIPLY -> x * y;
                    case DIVIDE -> y == 0 ? null : x / y;
                    case MODULUS -> y == 0 ? null : x % y;
                };
            }
            case BIGINT: {
                long x = ((Number) a).longValue();
                long y = ((Number) b).longValue();
                return switch (op) {
                    case ADD -> x + y;
                    case SUBTRACT -> x - y;
                    case MULTIPLY -> x * y;
                    case DIVIDE -> y == 0 ? null : x / y;
                    case MODULUS -> y == 0 ? null : x % y;
                };
            }
            case DECIMAL: {
                BigDecimal x = decimal(a);
                BigDecimal y = decimal(b);
                int scale = ((SqlType.Decimal) type).scale();
                BigDecimal result = switch (op) {
                    case ADD -> x.add(y);
                    case SUBTRACT -> x.subtract(y);
                    case MULTIPLY -> x.multiply(y);
                    case DIVIDE -> y.signum() == 0 ? null : ExpressionCompiler.divide(x, y, scale);
                    case MODULUS -> y.signum() == 0 ? null : x.remainder(y);
                };
                return result == null ? null : result.setScale(scale, RoundingMode.HALF_UP);
            }
            default: {
                double x = ((Number) a).doubleValue();
                double y = ((Number) b).doubleValue();
                return switch (op) {
                    case ADD -> x + y;
                    case SUBTRACT -> x - y;
                    case MULTIPLY -> x * y;
                    case DIVIDE -> x / y;
                    case MODULUS -> x % y;
                };
            }
        }
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    static Object negate(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer i) {
            return -i;
        }
        if (value instanceof Long l) {
            return -l;
        }
        if (value instanceof BigDecimal d) {
            return d.negate();
        }
        return -((Number) value).doubleValue();
    }

    static Object coerce(Object value, SqlType type) {
        return SqlValues.coerce(value, type);
    }
}
