package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "sourceDescriptions", "warnings"})
public record SourceDescriptionList(String statementText, List<SourceDescription> sourceDescriptions,
        List<Warning> warnings) implements KsqlEntity {
}
