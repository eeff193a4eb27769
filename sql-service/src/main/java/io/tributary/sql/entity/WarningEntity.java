package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "message", "warnings"})
public record WarningEntity(String statementText, String message, List<Warning> warnings) implements KsqlEntity {
}
