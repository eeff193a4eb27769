package io.tributary.sql.metastore;

import io.tributary.sql.ast.SourceType;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A stream or table of the metastore: its schema, its topic and how the topic's records are serialized.
 *
 * @param statement the statement that created it, as the command log holds it
 * @param sourceOnly created with {@code CREATE SOURCE ...}: read-only
 * @param window     how the keys are windowed, for the result of a windowed aggregation or WINDOW_TYPE
 * @param stringTimestamp derived, never taken from the caller: the TIMESTAMP_FORMAT compiled once, present only when
 *                   the TIMESTAMP column is a STRING (beside a BIGINT or TIMESTAMP column the format is unused)
 */
public record DataSource(String name, SourceType type, List<Column> columns, String topic, Formats formats,
        Optional<String> timestampColumn, Optional<String> timestampFormat, String statement, boolean sourceOnly,
        Optional<WindowInfo> window, Optional<TimestampFormat> stringTimestamp) {

    public DataSource {
        columns = List.copyOf(columns);
        window = window == null ? Optional.empty() : window;
        stringTimestamp = Optional.empty();
        if (timestampFormat.isPresent() && stringColumn(columns, timestampColumn)) {
            try {
                stringTimestamp = Optional.of(TimestampFormat.of(timestampFormat.get()));
            } catch (IllegalArgumentException e) {
                // CREATE refuses such a pattern; rowTime refuses each row of a source that has one anyway
            }
        }
    }

    public DataSource(String name, SourceType type, List<Column> columns, String topic, Formats formats,
            Optional<String> timestampColumn, Optional<String> timestampFormat, String statement, boolean sourceOnly,
            Optional<WindowInfo> window) {
        this(name, type, columns, topic, formats, timestampColumn, timestampFormat, statement, sourceOnly, window,
                Optional.empty());
    }

    private static boolean stringColumn(List<Column> columns, Optional<String> name) {
        return name.isPresent() && columns.stream()
                .anyMatch(c -> c.name().equals(name.get()) && c.type().equals(io.tributary.sql.ast.SqlType.STRING));
    }

    /** A source whose keys are not windowed. */
    public DataSource(String name, SourceType type, List<Column> columns, String topic, Formats formats,
            Optional<String> timestampColumn, Optional<String> timestampFormat, String statement,
            boolean sourceOnly) {
        this(name, type, columns, topic, formats, timestampColumn, timestampFormat, statement, sourceOnly,
                Optional.empty());
    }

    public boolean windowed() {
        return window.isPresent();
    }

    public List<Column> keyColumns() {
        return columns.stream().filter(Column::isKey).toList();
    }

    public List<Column> valueColumns() {
        return columns.stream().filter(c -> c.namespace() == Column.Namespace.VALUE).toList();
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** The logical schema as ksqlDB prints it: key columns first, each {@code `NAME` TYPE [KEY]}. */
    public String schemaString() {
        return columns.stream().map(Column::describe).collect(Collectors.joining(", "));
    }

    /**
     * A row's ROWTIME: its TIMESTAMP column when the source names one and the row has it, else the record's time.
     * A STRING column is read with the TIMESTAMP_FORMAT; a value it cannot read (or a null one) throws, and the
     * caller skips and logs the record, as ksqlDB's timestamp extractor does by default.
     */
    public long rowTime(java.util.Map<String, Object> row, long recordTimestamp) {
        Object ts = timestampColumn.map(row::get).orElse(null);
        if (ts instanceof java.time.Instant instant) {
            return instant.toEpochMilli();
        }
        if (ts instanceof Number n) {
            return n.longValue();
        }
        if (stringTimestamp.isPresent()) {
            if (!(ts instanceof String text)) {
                throw new IllegalArgumentException("The TIMESTAMP column " + timestampColumn.get() + " is null");
            }
            try {
                return stringTimestamp.get().parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("Failed to parse timestamp '" + text + "' with formatter '"
                        + timestampFormat.get() + "': " + e.getMessage(), e);
            }
        }
        if (timestampFormat.isPresent() && stringColumn(columns, timestampColumn)) {
            throw new IllegalArgumentException("Invalid TIMESTAMP_FORMAT '" + timestampFormat.get() + "'");
        }
        return recordTimestamp;
    }
}
