package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "queries", "warnings"})
public record QueriesList(String statementText, List<RunningQuery> queries, List<Warning> warnings)
        implements KsqlEntity {
}
