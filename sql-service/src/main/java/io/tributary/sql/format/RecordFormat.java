package io.tributary.sql.format;

import io.tributary.sql.ast.SqlType;
import io.tributary.sql.metastore.Column;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes the columns of one part of a record (its key or its value) in a serialization format:
 * {@code JSON}, {@code DELIMITED} or {@code KAFKA}. A read that cannot be understood throws, and the caller drops
 * the record as ksqlDB does.
 */
public final class RecordFormat {

    public static final Set<String> SUPPORTED = Set.of("JSON", "DELIMITED", "KAFKA");
    private static final JsonMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final String format;
    private final List<Column> columns;
    private final char delimiter;
    private final boolean wrapped;

    /**
     * @param wrapped for JSON: whether a single column is an object with one field (values by default) or the
     *                bare value (keys)
     */
    public RecordFormat(String format, List<Column> columns, char delimiter, boolean wrapped) {
        this.format = format.toUpperCase(Locale.ROOT);
        this.columns = List.copyOf(columns);
        this.delimiter = delimiter;
        this.wrapped = wrapped;
        if (!SUPPORTED.contains(this.format)) {
            throw new IllegalArgumentException("The format " + format + " is not supported yet");
        }
        if (this.format.equals("KAFKA") && columns.size() > 1) {
            throw new IllegalArgumentException("The 'KAFKA' format only supports a single field. Got: "
                    + columns.stream().map(Column::describe).toList());
        }
    }

    public List<Column> columns() {
        return columns;
    }

    /** Column name to value; an empty map for a record with no columns in this part. Null bytes: all null. */
    public Map<String, Object> read(byte[] bytes) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (columns.isEmpty()) {
            return row;
        }
        if (bytes == null) {
            columns.forEach(c -> row.put(c.name(), null));
            return row;
        }
        switch (format) {
            case "KAFKA" -> row.put(columns.get(0).name(), readKafka(bytes, columns.get(0).type()));
            case "DELIMITED" -> {
                List<String> fields = Delimited.split(new String(bytes, StandardCharsets.UTF_8), delimiter);
                if (fields.size() != columns.size()) {
                    throw new IllegalArgumentException("Column count mismatch on deserialization. topic: "
                            + "expected: " + columns.size() + ", got: " + fields.size());
                }
                for (int i = 0; i < columns.size(); i++) {
                    String field = fields.get(i);
                    row.put(columns.get(i).name(), field == null || field.isEmpty() ? null
                            : SqlValues.coerce(field, columns.get(i).type()));
                }
            }
            default -> {
                Object json = READER.readValue(bytes, Object.class);
                if (columns.size() == 1 && !(wrapped && json instanceof Map)) {
                    row.put(columns.get(0).name(), SqlValues.coerce(json, columns.get(0).type()));
                } else if (json instanceof Map<?, ?> object) {
                    for (Column column : columns) {
                        row.put(column.name(), SqlValues.coerce(SqlValues.caseInsensitiveGet(object, column.name()),
                                column.type()));
                    }
                } else {
                    throw new IllegalArgumentException("Expected a JSON object, got: " + json);
                }
            }
        }
        return row;
    }

    /** The bytes of these columns' values, taken from the row by column name; null when there are no columns. */
    public byte[] write(Map<String, Object> row) {
        if (columns.isEmpty()) {
            return null;
        }
        switch (format) {
            case "KAFKA":
                return writeKafka(row.get(columns.get(0).name()), columns.get(0).type());
            case "DELIMITED": {
                List<String> fields = new ArrayList<>();
                for (Column column : columns) {
                    fields.add(SqlValues.toText(row.get(column.name())));
                }
                return Delimited.join(fields, delimiter).getBytes(StandardCharsets.UTF_8);
            }
            default: {
                if (columns.size() == 1 && !wrapped) {
                    Object value = row.get(columns.get(0).name());
                    return value == null ? null : SqlValues.JSON.writeValueAsBytes(SqlValues.toJson(value));
                }
                Map<String, Object> object = new LinkedHashMap<>();
                for (Column column : columns) {
                    object.put(column.name(), SqlValues.toJson(row.get(column.name())));
                }
                return SqlValues.JSON.writeValueAsBytes(object);
            }
        }
    }

    private static Object readKafka(byte[] bytes, SqlType type) {
        return switch (type.base()) {
            case INTEGER -> ByteBuffer.wrap(bytes).getInt();
            case BIGINT -> ByteBuffer.wrap(bytes).getLong();
            case DOUBLE -> ByteBuffer.wrap(bytes).getDouble();
            case STRING -> new String(bytes, StandardCharsets.UTF_8);
            case BYTES -> bytes;
            default -> throw new IllegalArgumentException("The 'KAFKA' format does not support type '" + type + "'");
        };
    }

    private static byte[] writeKafka(Object value, SqlType type) {
        if (value == null) {
            return null;
        }
        return switch (type.base()) {
            case INTEGER -> ByteBuffer.allocate(4).putInt((Integer) value).array();
            case BIGINT -> ByteBuffer.allocate(8).putLong((Long) value).array();
            case DOUBLE -> ByteBuffer.allocate(8).putDouble((Double) value).array();
            case STRING -> ((String) value).getBytes(StandardCharsets.UTF_8);
            case BYTES -> (byte[]) value;
            default -> throw new IllegalArgumentException("The 'KAFKA' format does not support type '" + type + "'");
        };
    }

    /** Whether the KAFKA format can hold a column of this type. */
    public static boolean kafkaSupports(SqlType type) {
        return switch (type.base()) {
            case INTEGER, BIGINT, DOUBLE, STRING, BYTES -> true;
            default -> false;
        };
    }
}
