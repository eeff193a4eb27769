package io.tributary.common.kafka;

import java.util.List;

/** What the broker says about its cluster: the id clients see and the brokers that answer. */
public record KafkaCluster(String clusterId, List<Integer> brokerIds, Integer controllerId) {
}
