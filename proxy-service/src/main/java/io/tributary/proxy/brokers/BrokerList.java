package io.tributary.proxy.brokers;

import java.util.List;

/** {@code GET /brokers}: the ids of the brokers in the cluster. */
public record BrokerList(List<Integer> brokers) {
}
