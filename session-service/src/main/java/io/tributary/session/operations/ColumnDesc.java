package io.tributary.session.operations;

/** One column of a result, as Kyuubi's {@code ColumnDesc} (Hive type names, 0-based index). */
public record ColumnDesc(String columnName, String dataType, int columnIndex, int precision, int scale,
        String comment) {
}
