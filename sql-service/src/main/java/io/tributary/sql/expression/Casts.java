package io.tributary.sql.expression;

import io.tributary.sql.ast.SqlType;
import io.tributary.sql.format.SqlValues;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** {@code CAST(x AS type)}: numbers narrow by truncation, strings parse (NULL when they do not), all to STRING. */
final class Casts {

    private Casts() {
    }

    static Object cast(Object value, SqlType type) {
        if (value == null) {
            return null;
        }
        try {
            switch (type.base()) {
                case INTEGER:
                    if (value instanceof Number n) {
                        return n instanceof BigDecimal d ? d.setScale(0, RoundingMode.DOWN).intValue() : n.intValue();
                    }
                    break;
                case BIGINT:
                    if (value instanceof Number n) {
                        return n instanceof BigDecimal d ? d.setScale(0, RoundingMode.DOWN).longValue() : n.longValue();
                    }
                    break;
                case STRING:
                    // collections read as Java writes them: [1, 3], {k=1}
                    return value instanceof java.util.List || value instanceof java.util.Map ? value.toString()
                            : SqlValues.toText(value);
                case BOOLEAN:
                    if (value instanceof String s) {
                        String t = s.trim();
                        return t.equalsIgnoreCase("true") || t.equalsIgnoreCase("yes") || t.equalsIgnoreCase("t")
                                || t.equalsIgnoreCase("y");
                    }
                    break;
                default:
                    break;
            }
            return SqlValues.coerce(value, type);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
