package io.tributary.sql.format;

import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.metastore.Formats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes whole rows of a source's topic: its key columns from the record key, the rest from the value. */
public final class RowCodec {

    private final RecordFormat key;
    private final RecordFormat value;
    private final List<Column> headerColumns;

    public RowCodec(List<Column> columns, Formats formats) {
        List<Column> keyColumns = columns.stream().filter(Column::isKey).toList();
        List<Column> valueColumns = columns.stream().filter(c -> c.namespace() == Column.Namespace.VALUE).toList();
        String keyFormat = formats.keyFormat().equals("NONE") ? "KAFKA" : formats.keyFormat();
        this.key = new RecordFormat(keyFormat, keyColumns, formats.keyDelimiterChar(), false);
        this.value = new RecordFormat(formats.valueFormat(), valueColumns, formats.valueDelimiterChar(),
                formats.wrapSingleValue());
        this.headerColumns = columns.stream().filter(c -> c.namespace() == Column.Namespace.HEADER).toList();
    }

    public static RowCodec of(DataSource source) {
        return new RowCodec(source.columns(), source.formats());
    }

    /** The key columns of a record key. */
    public Map<String, Object> readKey(byte[] bytes) {
        return key.read(bytes);
    }

    /** The value columns of a record value; null for a tombstone. */
    public Map<String, Object> readValue(byte[] bytes) {
        return bytes == null ? null : value.read(bytes);
    }

    /** Key and value columns of a record (a tombstone's value columns are absent). */
    public Map<String, Object> read(byte[] keyBytes, byte[] valueBytes) {
        Map<String, Object> row = new LinkedHashMap<>(readKey(keyBytes));
        Map<String, Object> values = readValue(valueBytes);
        if (values != null) {
            row.putAll(values);
        }
        return row;
    }

    /**
     * A whole record as a row, as every reader of a source decodes it: key and value columns (the key's columns
     * without the window when {@code windowed} split it), then WINDOWSTART and WINDOWEND of a windowed key, then the
     * header columns.
     *
     * @param windowed the record key split by {@link WindowedKey#split}, null for a key without a window
     */
    public Map<String, Object> readRecord(byte[] keyBytes, WindowedKey windowed, byte[] valueBytes,
            Iterable<org.apache.kafka.common.header.Header> headers) {
        Map<String, Object> row = new java.util.HashMap<>(read(windowed == null ? keyBytes : windowed.key(),
                valueBytes));
        if (windowed != null) {
            row.put("WINDOWSTART", windowed.start());
            row.put("WINDOWEND", windowed.end());
        }
        row.putAll(readHeaders(headers));
        return row;
    }

    /**
     * The header columns of a record's headers: a {@code HEADERS} column lists them all ({@code KEY}, {@code VALUE}
     * structs, an empty list when there are none), a {@code HEADER('k')} column holds the last value of header k.
     */
    public Map<String, Object> readHeaders(Iterable<org.apache.kafka.common.header.Header> headers) {
        if (headerColumns.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Column column : headerColumns) {
            if (column.headerKey().isEmpty()) {
                List<Object> all = new java.util.ArrayList<>();
                if (headers != null) {
                    for (org.apache.kafka.common.header.Header header : headers) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("KEY", header.key());
                        entry.put("VALUE", header.value());
                        all.add(entry);
                    }
                }
                row.put(column.name(), all);
            } else {
                byte[] last = null;
                if (headers != null) {
                    for (org.apache.kafka.common.header.Header header : headers) {
                        if (header.key().equals(column.headerKey().get())) {
                            last = header.value();
                        }
                    }
                }
                row.put(column.name(), last);
            }
        }
        return row;
    }

    public byte[] writeKey(Map<String, Object> row) {
        return key.write(row);
    }

    public byte[] writeValue(Map<String, Object> row) {
        return value.write(row);
    }
}
