package io.tributary.sql.queryservice;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Binds SQL++ statement parameters: {@code ?} (the next of {@code args}), {@code $1} ({@code args[0]}) and
 * {@code $name}, each replaced by the SQL literal of its JSON value. Text inside string literals, quoted
 * identifiers and comments is left alone.
 */
final class StatementParameters {

    private StatementParameters() {
    }

    static String bind(String statement, Map<String, Object> parameters) {
        StringBuilder out = new StringBuilder(statement.length());
        int positional = 0;
        int i = 0;
        int n = statement.length();
        while (i < n) {
            char c = statement.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(statement, i, c);
                out.append(statement, i, end);
                i = end;
            } else if (c == '-' && i + 1 < n && statement.charAt(i + 1) == '-') {
                int end = statement.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(statement, i, end);
                i = end;
            } else if (c == '?') {
                positional++;
                out.append(literal(value(parameters, String.valueOf(positional), "?")));
                i++;
            } else if (c == '$' && i + 1 < n && Character.isLetterOrDigit(statement.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(statement.charAt(end)) || statement.charAt(end) == '_')) {
                    end++;
                }
                String name = statement.substring(i + 1, end);
                out.append(literal(value(parameters, name, "$" + name)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static Object value(Map<String, Object> parameters, String name, String written) {
        if (!parameters.containsKey(name)) {
            throw QueryServiceException.badRequest("ASX1086", "No value for parameter: " + written);
        }
        return parameters.get(name);
    }

    private static int closing(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    /** The SQL literal of a JSON value; negative numbers in parentheses so that "x - ?" never reads "--". */
    static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
            String text = value.toString();
            return text.startsWith("-") ? "(" + text + ")" : text;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (value instanceof BigDecimal big && big.scale() <= 0) {
                return literal(big.toBigInteger());
            }
            String text = Double.toString(d);
            if (!text.contains("E")) {
                text = text + "E0";
            }
            return text.startsWith("-") ? "(" + text + ")" : text;
        }
        if (value instanceof List<?> list) {
            return "ARRAY[" + String.join(", ", list.stream().map(StatementParameters::literal).toList()) + "]";
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder struct = new StringBuilder("STRUCT(");
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    struct.append(", ");
                }
                first = false;
                struct.append('`').append(e.getKey().toString().replace("`", "``")).append("` := ")
                        .append(literal(e.getValue()));
            }
            return struct.append(')').toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }
}
