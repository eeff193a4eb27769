package io.tributary.sql.metastore;

import io.tributary.sql.ast.SqlType;
import java.util.Optional;

/**
 * A column of a stream or table: in the record's key, its value, or its headers.
 *
 * @param headerKey for a {@code HEADER('k')} column, the header it reads; empty for a {@code HEADERS} column (all
 *                  headers) and for key and value columns
 */
public record Column(String name, SqlType type, Namespace namespace, Optional<String> headerKey) {

    public enum Namespace { KEY, VALUE, HEADER }

    /** The type of a {@code HEADERS} column: every header of the record, in order. */
    public static final SqlType HEADERS_TYPE = new SqlType.Array(new SqlType.Struct(java.util.List.of(
            new SqlType.Field("KEY", SqlType.STRING), new SqlType.Field("VALUE", SqlType.BYTES))));

    public Column {
        headerKey = headerKey == null ? Optional.empty() : headerKey;
    }

    public Column(String name, SqlType type, Namespace namespace) {
        this(name, type, namespace, Optional.empty());
    }

    public static Column key(String name, SqlType type) {
        return new Column(name, type, Namespace.KEY);
    }

    public static Column value(String name, SqlType type) {
        return new Column(name, type, Namespace.VALUE);
    }

    /** A {@code HEADERS} column (all headers) or, with a key, a {@code HEADER('key')} column. */
    public static Column header(String name, SqlType type, Optional<String> headerKey) {
        return new Column(name, type, Namespace.HEADER, headerKey);
    }

    public boolean isKey() {
        return namespace == Namespace.KEY;
    }

    /** As ksqlDB writes a schema: {@code `NAME` STRING KEY}, {@code `H` BYTES HEADER('k')}. */
    public String describe() {
        String suffix = switch (namespace) {
            case KEY -> " KEY";
            case VALUE -> "";
            case HEADER -> headerKey.map(k -> " HEADER('" + k + "')").orElse(" HEADERS");
        };
        return "`" + name + "` " + type + suffix;
    }
}
