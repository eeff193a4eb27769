package io.tributary.connect.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Connect's root resource: the worker's Kafka version and commit, and the cluster it belongs to. */
@JsonPropertyOrder({"version", "commit", "kafka_cluster_id"})
public record ServerInfo(
        @JsonProperty("version") String version,
        @JsonProperty("commit") String commit,
        @JsonProperty("kafka_cluster_id") String kafkaClusterId) {
}
