package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "sourceDescription", "warnings"})
public record SourceDescriptionEntity(String statementText, SourceDescription sourceDescription,
        List<Warning> warnings) implements KsqlEntity {
}
