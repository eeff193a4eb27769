package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The answer to {@code TERMINATE <transient push query id>}: push queries are not commands, so no status. */
@JsonPropertyOrder({"statementText", "queryId", "wasTerminated", "warnings"})
public record TerminateQueryEntity(String statementText, String queryId, boolean wasTerminated, List<Warning> warnings)
        implements KsqlEntity {
}
