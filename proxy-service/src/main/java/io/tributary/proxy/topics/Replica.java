package io.tributary.proxy.topics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A replica of a partition on one broker. */
@JsonPropertyOrder({"broker", "leader", "in_sync"})
public record Replica(int broker, boolean leader, @JsonProperty("in_sync") boolean inSync) {
}
