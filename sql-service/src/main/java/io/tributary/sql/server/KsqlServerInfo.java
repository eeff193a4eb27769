package io.tributary.sql.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code GET /info}: ksqlDB wraps the info object in a field named after its type. */
public record KsqlServerInfo(@JsonProperty("KsqlServerInfo") Info info) {

    @JsonPropertyOrder({"version", "kafkaClusterId", "ksqlServiceId", "serverStatus"})
    public record Info(String version, String kafkaClusterId, String ksqlServiceId, String serverStatus) {
    }
}
