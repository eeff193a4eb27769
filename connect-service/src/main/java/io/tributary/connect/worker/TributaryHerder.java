package io.tributary.connect.worker;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.runtime.Worker;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.apache.kafka.connect.runtime.rest.entities.LoggerLevel;
import org.apache.kafka.connect.storage.ConfigBackingStore;
import org.apache.kafka.connect.storage.StatusBackingStore;

/**
 * Connect's distributed herder, unchanged except for logger levels: those go to {@link WorkerLoggers}, so that
 * worker-scoped and cluster-scoped level changes (the latter arrive through the config topic) reach Logback.
 */
final class TributaryHerder extends DistributedHerder {

    private final WorkerLoggers workerLoggers;

    TributaryHerder(DistributedConfig config, Worker worker, String kafkaClusterId,
            StatusBackingStore statusBackingStore, ConfigBackingStore configBackingStore, String restUrl,
            RestClient restClient, ConnectorClientConfigOverridePolicy overridePolicy, WorkerLoggers loggers,
            AutoCloseable... uponShutdown) {
        super(config, Time.SYSTEM, worker, kafkaClusterId, statusBackingStore, configBackingStore, restUrl,
                restClient, overridePolicy, List.of(), uponShutdown);
        this.workerLoggers = loggers;
    }

    /** Whether this worker leads its group at the moment (it then serves the requests others forward). */
    boolean leads() {
        return isLeader();
    }

    @Override
    public LoggerLevel loggerLevel(String logger) {
        return workerLoggers.level(logger);
    }

    @Override
    public Map<String, LoggerLevel> allLoggerLevels() {
        return workerLoggers.allLevels();
    }

    @Override
    public List<String> setWorkerLoggerLevel(String namespace, String level) {
        if (!WorkerLoggers.isValidLevel(level)) {
            return List.of();
        }
        return workerLoggers.setLevel(namespace, level);
    }
}
