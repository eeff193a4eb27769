package io.tributary.sql.metastore;

import io.tributary.sql.ast.SqlType;

/** A column of a stream or table: in the record's key, its value, or its headers. */
public record Column(String name, SqlType type, Namespace namespace) {

    public enum Namespace { KEY, VALUE, HEADER }

    public static Column key(String name, SqlType type) {
        return new Column(name, type, Namespace.KEY);
    }

    public static Column value(String name, SqlType type) {
        return new Column(name, type, Namespace.VALUE);
    }

    public boolean isKey() {
        return namespace == Namespace.KEY;
    }

    /** As ksqlDB writes a schema: {@code `NAME` STRING KEY}. */
    public String describe() {
        return "`" + name + "` " + type + (isKey() ? (" KEY") : namespace == Namespace.HEADER ? " HEADERS" : "");
    }
}
