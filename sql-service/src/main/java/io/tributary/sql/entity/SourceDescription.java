package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** {@code DESCRIBE <source>}'s body. */
@JsonPropertyOrder({"name", "windowType", "readQueries", "writeQueries", "fields", "type", "timestamp",
        "statistics", "errorStats", "extended", "keyFormat", "valueFormat", "topic", "partitions", "replication",
        "statement", "queryOffsetSummaries", "sourceConstraints", "clusterStatistics", "clusterErrorStats"})
public record SourceDescription(String name, String windowType, List<RunningQuery> readQueries,
        List<RunningQuery> writeQueries, List<FieldInfo> fields, String type, String timestamp, String statistics,
        String errorStats, boolean extended, String keyFormat, String valueFormat, String topic, int partitions,
        int replication, String statement, List<Object> queryOffsetSummaries, List<String> sourceConstraints,
        List<Object> clusterStatistics, List<Object> clusterErrorStats) {
}
