package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonPropertyOrder({"statementText", "topics", "warnings"})
public record KafkaTopicsList(String statementText, List<TopicInfo> topics, List<Warning> warnings)
        implements KsqlEntity {

    /** A topic and the replica count of each of its partitions. */
    @JsonPropertyOrder({"name", "replicaInfo"})
    public record TopicInfo(String name, List<Integer> replicaInfo) {
    }
}
