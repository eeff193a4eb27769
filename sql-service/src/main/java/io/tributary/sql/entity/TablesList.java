package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "tables", "warnings"})
public record TablesList(String statementText, List<SourceInfo> tables, List<Warning> warnings)
        implements KsqlEntity {
}
