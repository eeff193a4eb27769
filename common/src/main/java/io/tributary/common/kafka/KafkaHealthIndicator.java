package io.tributary.common.kafka;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** The {@code kafka} component of {@code /actuator/health}: up when the cluster describes itself in time. */
public class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final KafkaClusterProbe probe;

    public KafkaHealthIndicator(KafkaClusterProbe probe) {
        super("Kafka cluster is unreachable");
        this.probe = probe;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaCluster cluster = probe.describe();
        builder.up()
                .withDetail("clusterId", cluster.clusterId())
                .withDetail("brokers", cluster.brokerIds());
    }
}
