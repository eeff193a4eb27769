package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "queryDescription", "warnings"})
public record QueryDescriptionEntity(String statementText, QueryDescription queryDescription,
        List<Warning> warnings) implements KsqlEntity {
}
