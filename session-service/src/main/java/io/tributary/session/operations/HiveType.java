package io.tributary.session.operations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/**
 * How a JDBC column appears through Kyuubi: the Hive type name of {@code resultsetmetadata} and the Thrift value
 * kind of {@code rowset}, as Kyuubi's JDBC engine reports PostgreSQL columns (decimals, dates and timestamps are
 * strings; REAL is a FLOAT_TYPE carried as a double).
 */
enum HiveType {
    INT("INT_TYPE", "I32_VAL"),
    BIGINT("BIGINT_TYPE", "I64_VAL"),
    DOUBLE("DOUBLE_TYPE", "DOUBLE_VAL"),
    FLOAT("FLOAT_TYPE", "DOUBLE_VAL"),
    BOOLEAN("BOOLEAN_TYPE", "BOOL_VAL"),
    DATE("DATE_TYPE", "STRING_VAL"),
    TIMESTAMP("TIMESTAMP_TYPE", "STRING_VAL"),
    STRING("STRING_TYPE", "STRING_VAL");

    final String typeName;
    final String valueKind;

    HiveType(String typeName, String valueKind) {
        this.typeName = typeName;
        this.valueKind = valueKind;
    }

    static HiveType of(int jdbcType) {
        return switch (jdbcType) {
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> INT;
            case Types.BIGINT -> BIGINT;
            case Types.DOUBLE, Types.FLOAT -> DOUBLE;
            case Types.REAL -> FLOAT;
            case Types.BOOLEAN, Types.BIT -> BOOLEAN;
            case Types.DATE -> DATE;
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP;
            default -> STRING;
        };
    }

    /** The value of column {@code index} (1-based) of the current row, null for SQL NULL. */
    Object read(ResultSet rs, int index) throws SQLException {
        Object value = switch (this) {
            case INT -> rs.getInt(index);
            case BIGINT -> rs.getLong(index);
            case DOUBLE, FLOAT -> rs.getDouble(index);
            case BOOLEAN -> rs.getBoolean(index);
            case DATE, TIMESTAMP, STRING -> rs.getString(index);
        };
        return rs.wasNull() ? null : value;
    }
}
