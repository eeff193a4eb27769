package io.tributary.sql.expression;

import io.tributary.sql.ast.Expression.ComparisonOp;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.SqlType.BaseType;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Ordering of SQL values: numbers across numeric types, strings, booleans, times; others by equality only. */
final class Comparisons {

    private Comparisons() {
    }

    static boolean comparable(SqlType a, SqlType b, ComparisonOp op) {
        if (a.isNumeric() && b.isNumeric()) {
            return true;
        }
        if (a.base() != b.base()) {
            return false;
        }
        return switch (a.base()) {
            case STRING, TIMESTAMP, DATE, TIME, DECIMAL -> true;
            case BOOLEAN, ARRAY, MAP, STRUCT, BYTES -> op == ComparisonOp.EQUAL || op == ComparisonOp.NOT_EQUAL;
            default -> true;
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof Double || y instanceof Double || x instanceof Float || y instanceof Float) {
                return Double.compare(x.doubleValue(), y.doubleValue());
            }
            if (x instanceof BigDecimal || y instanceof BigDecimal) {
                return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
            }
            return Long.compare(x.longValue(), y.longValue());
        }
        if (a instanceof Comparable c && a.getClass() == b.getClass()) {
            return c.compareTo(b);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.compare(x, y);
        }
        return Objects.equals(a, b) ? 0 : 1;
    }

    /** A LIKE pattern as a regex: {@code %} any run, {@code _} one character, the escape character quoting. */
    static Pattern likePattern(String like, Optional<Character> escape) {
        StringBuilder regex = new StringBuilder();
        boolean escaped = false;
        for (char c : like.toCharArray()) {
            if (escaped) {
                regex.append(Pattern.quote(String.valueOf(c)));
                escaped = false;
            } else if (escape.isPresent() && c == escape.get()) {
                escaped = true;
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    static boolean isString(SqlType type) {
        return type != null && type.base() == BaseType.STRING;
    }
}
