package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.metastore.Column;
import java.util.List;
import java.util.Map;

/**
 * A column as {@code DESCRIBE} shows it; {@code type} is present only for KEY and HEADER columns, {@code headerKey}
 * only for a {@code HEADER('k')} column.
 */
@JsonPropertyOrder({"name", "schema", "type", "headerKey"})
public record FieldInfo(String name, SchemaInfo schema, @JsonInclude(JsonInclude.Include.NON_NULL) String type,
        @JsonInclude(JsonInclude.Include.NON_NULL) String headerKey) {

    public FieldInfo(String name, SchemaInfo schema, String type) {
        this(name, schema, type, null);
    }

    public static FieldInfo of(Column column) {
        String type = switch (column.namespace()) {
            case KEY -> "KEY";
            case HEADER -> "HEADER";
            default -> null;
        };
        return new FieldInfo(column.name(), SchemaInfo.of(column.type()), type, column.headerKey().orElse(null));
    }

    @JsonPropertyOrder({"type", "fields", "memberSchema", "parameters"})
    public record SchemaInfo(String type, List<FieldInfo> fields, SchemaInfo memberSchema,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> parameters) {

        public static SchemaInfo of(SqlType type) {
            return switch (type.base()) {
                case ARRAY -> new SchemaInfo("ARRAY", null, of(((SqlType.Array) type).element()), Map.of());
                case MAP -> new SchemaInfo("MAP", null, of(((SqlType.Map) type).value()), Map.of());
                case STRUCT -> new SchemaInfo("STRUCT", ((SqlType.Struct) type).fields().stream()
                        .map(f -> new FieldInfo(f.name(), of(f.type()), null)).toList(), null, Map.of());
                case DECIMAL -> new SchemaInfo("DECIMAL", null, null, Map.of(
                        "precision", ((SqlType.Decimal) type).precision(), "scale", ((SqlType.Decimal) type).scale()));
                default -> new SchemaInfo(type.base().name(), null, null, Map.of());
            };
        }
    }
}
