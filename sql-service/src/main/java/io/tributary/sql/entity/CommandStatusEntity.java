package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "commandId", "commandStatus", "commandSequenceNumber", "warnings"})
public record CommandStatusEntity(String statementText, String commandId, CommandStatus commandStatus,
        long commandSequenceNumber, List<Warning> warnings) implements KsqlEntity {
}
