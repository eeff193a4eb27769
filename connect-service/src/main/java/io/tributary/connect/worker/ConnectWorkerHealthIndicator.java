package io.tributary.connect.worker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The {@code connect} health component: UP once the worker has joined its group, with its group and role. */
@Component("connect")
class ConnectWorkerHealthIndicator implements HealthIndicator {

    private final EmbeddedConnectWorker worker;

    ConnectWorkerHealthIndicator(EmbeddedConnectWorker worker) {
        this.worker = worker;
    }

    @Override
    public Health health() {
        Health.Builder health = worker.isReady() ? Health.up() : Health.outOfService();
        return health.withDetail("group", worker.properties().groupId())
                .withDetail("advertisedUrl", String.valueOf(worker.advertisedUrl()))
                .withDetail("leader", worker.isLeader())
                .build();
    }
}
