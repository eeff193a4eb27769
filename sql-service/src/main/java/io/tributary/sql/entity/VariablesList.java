package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "variables", "warnings"})
public record VariablesList(String statementText, List<Variable> variables, List<Warning> warnings)
        implements KsqlEntity {

    public record Variable(String name, String value) {
    }
}
