package io.tributary.sql.ast;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A ksqlDB SQL type. {@link #toString()} writes it as ksqlDB writes schemas ({@code MAP<STRING, INTEGER>}). */
public sealed interface SqlType {

    /** The base type name as {@code sourceDescription.fields[].schema.type} reports it. */
    BaseType base();

    enum BaseType { BOOLEAN, INTEGER, BIGINT, DOUBLE, DECIMAL, STRING, BYTES, TIMESTAMP, DATE, TIME, ARRAY, MAP, STRUCT }

    SqlType BOOLEAN = new Primitive(BaseType.BOOLEAN);
    SqlType INTEGER = new Primitive(BaseType.INTEGER);
    SqlType BIGINT = new Primitive(BaseType.BIGINT);
    SqlType DOUBLE = new Primitive(BaseType.DOUBLE);
    SqlType STRING = new Primitive(BaseType.STRING);
    SqlType BYTES = new Primitive(BaseType.BYTES);
    SqlType TIMESTAMP = new Primitive(BaseType.TIMESTAMP);
    SqlType DATE = new Primitive(BaseType.DATE);
    SqlType TIME = new Primitive(BaseType.TIME);

    /** A type named by a single word ({@code INT}, {@code VARCHAR}...), or null when the word names none. */
    static SqlType named(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "BOOLEAN" -> BOOLEAN;
            case "INT", "INTEGER" -> INTEGER;
            case "BIGINT" -> BIGINT;
            case "DOUBLE" -> DOUBLE;
            case "STRING", "VARCHAR" -> STRING;
            case "BYTES" -> BYTES;
            case "TIMESTAMP" -> TIMESTAMP;
            case "DATE" -> DATE;
            case "TIME" -> TIME;
            default -> null;
        };
    }

    default boolean isNumeric() {
        return switch (base()) {
            case INTEGER, BIGINT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    record Primitive(BaseType base) implements SqlType {
        @Override
        public String toString() {
            return base.name();
        }
    }

    record Decimal(int precision, int scale) implements SqlType {
        @Override
        public BaseType base() {
            return BaseType.DECIMAL;
        }

        @Override
        public String toString() {
            return "DECIMAL(" + precision + ", " + scale + ")";
        }
    }

    record Array(SqlType element) implements SqlType {
        @Override
        public BaseType base() {
            return BaseType.ARRAY;
        }

        @Override
        public String toString() {
            return "ARRAY<" + element + ">";
        }
    }

    record Map(SqlType key, SqlType value) implements SqlType {
        @Override
        public BaseType base() {
            return BaseType.MAP;
        }

        @Override
        public String toString() {
            return "MAP<" + key + ", " + value + ">";
        }
    }

    record Struct(List<Field> fields) implements SqlType {
        public Struct {
            fields = List.copyOf(fields);
        }

        @Override
        public BaseType base() {
            return BaseType.STRUCT;
        }

        public Field field(String name) {
            return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return fields.stream().map(f -> "`" + f.name() + "` " + f.type())
                    .collect(Collectors.joining(", ", "STRUCT<", ">"));
        }
    }

    record Field(String name, SqlType type) {
    }
}
