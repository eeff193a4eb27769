package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "functions", "warnings"})
public record FunctionNameList(String statementText, List<FunctionName> functions, List<Warning> warnings)
        implements KsqlEntity {

    @JsonPropertyOrder({"name", "type", "category"})
    public record FunctionName(String name, String type, String category) {
    }
}
