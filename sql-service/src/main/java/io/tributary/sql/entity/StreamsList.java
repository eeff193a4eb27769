package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "streams", "warnings"})
public record StreamsList(String statementText, List<SourceInfo> streams, List<Warning> warnings)
        implements KsqlEntity {
}
