package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** {@code EXPLAIN}'s body: the query, its schema and its real Kafka Streams topology. */
@JsonPropertyOrder({"id", "statementText", "windowType", "fields", "sources", "sinks", "topology", "executionPlan",
        "overriddenProperties", "ksqlHostQueryStatus", "queryType", "queryErrors", "tasksMetadata", "consumerGroupId",
        "state"})
public record QueryDescription(String id, String statementText, String windowType, List<FieldInfo> fields,
        List<String> sources, List<String> sinks, String topology, String executionPlan,
        Map<String, Object> overriddenProperties, Map<String, String> ksqlHostQueryStatus, String queryType,
        List<Object> queryErrors, List<Object> tasksMetadata, String consumerGroupId, String state) {
}
