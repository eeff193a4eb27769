package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** A query as {@code SHOW QUERIES} and {@code DESCRIBE} list it. */
@JsonPropertyOrder({"queryString", "sinks", "sinkKafkaTopics", "id", "statusCount", "queryType", "state"})
public record RunningQuery(String queryString, List<String> sinks, List<String> sinkKafkaTopics, String id,
        Map<String, Integer> statusCount, String queryType, String state) {
}
