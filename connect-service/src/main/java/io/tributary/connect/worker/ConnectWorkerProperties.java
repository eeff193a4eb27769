package io.tributary.connect.worker;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded Connect worker: its Kafka cluster, its worker group (several connect-service instances with the
 * same group id form one Connect cluster), the three internal topics, where plugins are found, and how long a
 * request waits for the herder.
 *
 * @param bootstrapServers  the Kafka cluster holding the internal topics and the connectors' data
 * @param groupId           the Connect cluster's worker group id; also names the internal topics by default
 * @param configTopic       defaults to {@code <groupId>-configs}
 * @param offsetTopic       defaults to {@code <groupId>-offsets}
 * @param statusTopic       defaults to {@code <groupId>-status}
 * @param replicationFactor of the internal topics; -1 takes the broker's default
 * @param pluginPath        Connect's {@code plugin.path} (comma-separated); the classpath is always searched too
 * @param pluginDiscovery   Connect's {@code plugin.discovery}
 * @param advertisedUrl     the URL other workers reach this one at; defaults to {@code http://<advertisedHost>:<port>/}
 * @param advertisedHost    the host name in the default advertised URL; defaults to this machine's name
 * @param requestTimeout    how long a request waits for the herder to answer (Connect's own is 90 s)
 * @param rebalanceWait     how long a request waits for a rebalance to finish before answering 409
 * @param startupWait       how long application start waits for the worker to join its group
 * @param worker            any other Connect worker property, passed as it is
 */
@ConfigurationProperties("tributary.connect")
public record ConnectWorkerProperties(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("connect") String groupId,
        String configTopic,
        String offsetTopic,
        String statusTopic,
        @DefaultValue("-1") short replicationFactor,
        @DefaultValue("") String pluginPath,
        @DefaultValue("hybrid_warn") String pluginDiscovery,
        String advertisedUrl,
        String advertisedHost,
        @DefaultValue("90s") Duration requestTimeout,
        @DefaultValue("30s") Duration rebalanceWait,
        @DefaultValue("60s") Duration startupWait,
        Map<String, String> worker) {

    public ConnectWorkerProperties {
        worker = worker == null ? Map.of() : Map.copyOf(worker);
    }

    public String configTopicName() {
        return configTopic == null || configTopic.isBlank() ? groupId + "-configs" : configTopic;
    }

    public String offsetTopicName() {
        return offsetTopic == null || offsetTopic.isBlank() ? groupId + "-offsets" : offsetTopic;
    }

    public String statusTopicName() {
        return statusTopic == null || statusTopic.isBlank() ? groupId + "-status" : statusTopic;
    }
}
