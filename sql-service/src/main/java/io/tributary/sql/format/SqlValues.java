package io.tributary.sql.format;

import io.tributary.sql.ast.SqlType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Java values of each SQL type and the conversions between them. BOOLEAN {@code Boolean}, INTEGER
 * {@code Integer}, BIGINT {@code Long}, DOUBLE {@code Double}, DECIMAL {@code BigDecimal}, STRING {@code String},
 * BYTES {@code byte[]}, TIMESTAMP {@code Instant}, DATE {@code LocalDate}, TIME {@code LocalTime}, ARRAY
 * {@code List}, MAP {@code Map<String, ?>}, STRUCT {@code Map<String, ?>} keyed by field name.
 */
public final class SqlValues {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIMESTAMP_TEXT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME_TEXT = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private SqlValues() {
    }

    /** Converts a value read from a record (JSON, text) or computed to the Java value of {@code type}. */
    public static Object coerce(Object value, SqlType type) {
        if (value == null) {
            return null;
        }
        switch (type.base()) {
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                if (value instanceof String s) {
                    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                        return Boolean.valueOf(s.toLowerCase(Locale.ROOT));
                    }
                }
                throw mismatch(value, type);
            case INTEGER:
                if (value instanceof Number n) {
                    return n.intValue();
                }
                return Integer.valueOf(text(value, type).trim());
            case BIGINT:
                if (value instanceof Number n) {
                    return n.longValue();
                }
                if (value instanceof Instant i) {
                    return i.toEpochMilli();
                }
                return Long.valueOf(text(value, type).trim());
            case DOUBLE:
                if (value instanceof Number n) {
                    return n.doubleValue();
                }
                return Double.valueOf(text(value, type).trim());
            case DECIMAL: {
                SqlType.Decimal decimal = (SqlType.Decimal) type;
                BigDecimal big = value instanceof BigDecimal b ? b
                        : value instanceof Double || value instanceof Float ? BigDecimal.valueOf(((Number) value).doubleValue())
                        : value instanceof Number n ? new BigDecimal(n.toString())
                        : new BigDecimal(text(value, type).trim());
                big = big.setScale(decimal.scale(), RoundingMode.HALF_UP);
                if (big.precision() > decimal.precision()) {
                    throw new IllegalArgumentException("Numeric field overflow: " + big + " does not fit " + type);
                }
                return big;
            }
            case STRING:
                if (value instanceof String) {
                    return value;
                }
                if (value instanceof Map || value instanceof List) {
                    return JSON.writeValueAsString(value);
                }
                return toText(value);
            case BYTES:
                if (value instanceof byte[]) {
                    return value;
                }
                return Base64.getDecoder().decode(text(value, type));
            case TIMESTAMP:
                if (value instanceof Instant) {
                    return value;
                }
                if (value instanceof Number n) {
                    return Instant.ofEpochMilli(n.longValue());
                }
                return parseTimestamp(text(value, type));
            case DATE:
                if (value instanceof LocalDate) {
                    return value;
                }
                if (value instanceof Number n) {
                    return LocalDate.ofEpochDay(n.longValue());
                }
                return LocalDate.parse(text(value, type));
            case TIME:
                if (value instanceof LocalTime) {
                    return value;
                }
                if (value instanceof Number n) {
                    return LocalTime.ofNanoOfDay(n.longValue() * 1_000_000L);
                }
                return LocalTime.parse(text(value, type));
            case ARRAY: {
                if (!(value instanceof List<?> list)) {
                    throw mismatch(value, type);
                }
                SqlType element = ((SqlType.Array) type).element();
                List<Object> out = new ArrayList<>(list.size());
                for (Object item : list) {
                    out.add(coerce(item, element));
                }
                return out;
            }
            case MAP: {
                if (!(value instanceof Map<?, ?> map)) {
                    throw mismatch(value, type);
                }
                SqlType.Map mapType = (SqlType.Map) type;
                Map<Object, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(coerce(k, mapType.key()), coerce(v, mapType.value())));
                return out;
            }
            case STRUCT: {
                if (!(value instanceof Map<?, ?> map)) {
                    throw mismatch(value, type);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                for (SqlType.Field field : ((SqlType.Struct) type).fields()) {
                    out.put(field.name(), coerce(caseInsensitiveGet(map, field.name()), field.type()));
                }
                return out;
            }
            default:
                throw mismatch(value, type);
        }
    }

    /** Looks a field up by exact name first, then ignoring case (JSON field names match case-insensitively). */
    public static Object caseInsensitiveGet(Map<?, ?> map, String name) {
        if (map.containsKey(name)) {
            return map.get(name);
        }
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getKey() != null && entry.getKey().toString().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The value as JSON-ready Java (numbers for TIMESTAMP/DATE/TIME as ksqlDB's JSON format writes them). */
    public static Object toJson(Object value) {
        if (value instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (value instanceof LocalDate d) {
            return (int) d.toEpochDay();
        }
        if (value instanceof LocalTime t) {
            return (int) (t.toNanoOfDay() / 1_000_000L);
        }
        if (value instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SqlValues::toJson).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, toJson(v)));
            return out;
        }
        return value;
    }

    /** The value as the REST API shows it in rows (TIMESTAMP/DATE/TIME as ISO text). */
    public static Object toRest(Object value) {
        if (value instanceof Instant i) {
            return TIMESTAMP_TEXT.format(i);
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof LocalTime t) {
            return TIME_TEXT.format(t);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SqlValues::toRest).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, toRest(v)));
            return out;
        }
        return toJson(value);
    }

    /** Text of a scalar as CAST(x AS STRING) and the DELIMITED format write it. */
    public static String toText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal b) {
            return b.toPlainString();
        }
        if (value instanceof Instant i) {
            return TIMESTAMP_TEXT.format(i);
        }
        if (value instanceof LocalTime t) {
            return TIME_TEXT.format(t);
        }
        if (value instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (value instanceof Map || value instanceof List) {
            return JSON.writeValueAsString(toJson(value));
        }
        return value.toString();
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Instant parseTimestamp(String text) {
        String t = text.trim();
        if (t.endsWith("Z") || t.contains("+")) {
            return Instant.parse(t);
        }
        return java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    }

    private static String text(Object value, SqlType type) {
        if (value instanceof String s) {
            return s;
        }
        throw mismatch(value, type);
    }

    private static IllegalArgumentException mismatch(Object value, SqlType type) {
        return new IllegalArgumentException("Can't convert type. sourceType: " + value.getClass().getSimpleName()
                + ", requiredType: " + type);
    }
}
