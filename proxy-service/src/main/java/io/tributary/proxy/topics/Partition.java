package io.tributary.proxy.topics;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** One partition: its id, the broker leading it ({@code -1} when none does) and its replicas. */
@JsonPropertyOrder({"partition", "leader", "replicas"})
public record Partition(int partition, int leader, List<Replica> replicas) {
}
