package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "properties", "overwrittenProperties", "defaultProperties", "warnings"})
public record PropertiesList(String statementText, List<Property> properties, List<String> overwrittenProperties,
        List<String> defaultProperties, List<Warning> warnings) implements KsqlEntity {

    @JsonPropertyOrder({"name", "scope", "value", "editable", "level"})
    public record Property(String name, String scope, String value, boolean editable, String level) {
    }
}
