package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** {@code DESCRIBE FUNCTION}: a function, its origin and its variants. */
@JsonPropertyOrder({"statementText", "name", "description", "author", "version", "path", "functions", "type",
        "warnings"})
public record FunctionDescriptionList(String statementText, String name, String description, String author,
        String version, String path, List<FunctionInfo> functions, String type, List<Warning> warnings)
        implements KsqlEntity {

    /** One variant of the function. */
    @JsonPropertyOrder({"arguments", "returnType", "description", "argumentTypes"})
    public record FunctionInfo(List<ArgumentInfo> arguments, String returnType, String description,
            List<String> argumentTypes) {
    }

    /** One parameter of a variant. */
    @JsonPropertyOrder({"name", "type", "description", "isVariadic"})
    public record ArgumentInfo(String name, String type, String description,
            @com.fasterxml.jackson.annotation.JsonProperty("isVariadic") boolean isVariadic) {
    }
}
