package io.tributary.connect.worker;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.Worker;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.apache.kafka.connect.storage.KafkaConfigBackingStore;
import org.apache.kafka.connect.storage.KafkaOffsetBackingStore;
import org.apache.kafka.connect.storage.KafkaStatusBackingStore;
import org.apache.kafka.connect.util.ConnectUtils;
import org.apache.kafka.connect.util.FutureCallback;
import org.apache.kafka.connect.util.SharedTopicAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Apache Kafka Connect worker in distributed mode, embedded: plugins, the {@link Worker}, the Kafka-backed
 * config, offset and status stores and a {@link org.apache.kafka.connect.runtime.distributed.DistributedHerder},
 * wired the way {@code ConnectDistributed} wires them, minus Connect's own Jersey REST server.
 */
public final class EmbeddedConnectWorker {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedConnectWorker.class);

    private final ConnectWorkerProperties properties;
    private final WorkerLoggers loggers = new WorkerLoggers();
    private volatile Herder herder;
    private volatile boolean ready;
    private volatile String advertisedUrl;

    public EmbeddedConnectWorker(ConnectWorkerProperties properties) {
        this.properties = properties;
    }

    /** The worker properties Connect is given, in Connect's own names. */
    public Map<String, String> workerProperties() {
        Map<String, String> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        props.put(DistributedConfig.GROUP_ID_CONFIG, properties.groupId());
        props.put(DistributedConfig.CONFIG_TOPIC_CONFIG, properties.configTopicName());
        props.put(DistributedConfig.OFFSET_STORAGE_TOPIC_CONFIG, properties.offsetTopicName());
        props.put(DistributedConfig.STATUS_STORAGE_TOPIC_CONFIG, properties.statusTopicName());
        String replication = Short.toString(properties.replicationFactor());
        props.put(DistributedConfig.CONFIG_STORAGE_REPLICATION_FACTOR_CONFIG, replication);
        props.put(DistributedConfig.OFFSET_STORAGE_REPLICATION_FACTOR_CONFIG, replication);
        props.put(DistributedConfig.STATUS_STORAGE_REPLICATION_FACTOR_CONFIG, replication);
        props.put(WorkerConfig.KEY_CONVERTER_CLASS_CONFIG, JsonConverter.class.getName());
        props.put(WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG, JsonConverter.class.getName());
        if (!properties.pluginPath().isBlank()) {
            props.put(WorkerConfig.PLUGIN_PATH_CONFIG, properties.pluginPath());
        }
        props.put(WorkerConfig.PLUGIN_DISCOVERY_CONFIG, properties.pluginDiscovery());
        props.putAll(properties.worker());
        return props;
    }

    /** Builds and starts the worker; {@code advertisedUrl} is where the other workers of the group reach it. */
    public synchronized void start(String advertisedUrl) {
        if (herder != null) {
            return;
        }
        this.advertisedUrl = advertisedUrl;
        Map<String, String> props = workerProperties();
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        try {
            log.info("Starting the embedded Kafka Connect worker of group {} at {}", properties.groupId(), advertisedUrl);
            Plugins plugins = new Plugins(props);
            // Connect's threads must see plugins through the delegating loader; it is restored for ours below
            plugins.compareAndSwapWithDelegatingLoader();
            DistributedConfig config = new DistributedConfig(props);
            String kafkaClusterId = config.kafkaClusterId();
            String clientIdBase = ConnectUtils.clientIdBase(config);

            Map<String, Object> adminProps = new HashMap<>(config.originals());
            ConnectUtils.addMetricsContextProperties(adminProps, config, kafkaClusterId);
            adminProps.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientIdBase + "shared-admin");
            SharedTopicAdmin sharedAdmin = new SharedTopicAdmin(adminProps);

            URI url = URI.create(advertisedUrl);
            String workerId = url.getHost() + ":" + url.getPort();
            ConnectorClientConfigOverridePolicy overridePolicy = plugins.newPlugin(
                    config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG), config,
                    ConnectorClientConfigOverridePolicy.class);

            KafkaOffsetBackingStore offsetStore = new KafkaOffsetBackingStore(sharedAdmin, () -> clientIdBase,
                    plugins.newInternalConverter(true, JsonConverter.class.getName(),
                            Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false")));
            offsetStore.configure(config);
            Worker worker = new Worker(workerId, Time.SYSTEM, plugins, config, offsetStore, overridePolicy);

            KafkaStatusBackingStore statusStore = new KafkaStatusBackingStore(Time.SYSTEM,
                    worker.getInternalValueConverter(), sharedAdmin, clientIdBase);
            statusStore.configure(config);
            KafkaConfigBackingStore configStore = new KafkaConfigBackingStore(worker.getInternalValueConverter(),
                    config, worker.configTransformer(), sharedAdmin, clientIdBase);

            TributaryHerder distributed = new TributaryHerder(config, worker, kafkaClusterId, statusStore,
                    configStore, advertisedUrl, new RestClient(config), overridePolicy, loggers, sharedAdmin);
            distributed.start();
            herder = distributed;
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    /**
     * Waits until the worker has read its internal topics and joined its group (it then answers requests), at
     * most {@code wait}. Answers whether it is ready.
     */
    public boolean awaitReady(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!ready && herder != null && System.nanoTime() < deadline) {
            FutureCallback<Collection<String>> cb = new FutureCallback<>();
            herder.connectors(cb);
            try {
                cb.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
                ready = true;
            } catch (ExecutionException notYet) {
                pause(100);
            } catch (TimeoutException e) {
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ready;
    }

    public boolean isReady() {
        Herder running = herder;
        return running != null && (ready || running.isReady());
    }

    /** The herder, once started; requests before that are refused by {@link HerderCalls}. */
    public Herder herder() {
        return herder;
    }

    /** Whether this worker is the leader of its group right now. */
    public boolean isLeader() {
        return herder instanceof TributaryHerder distributed && distributed.leads();
    }

    public String advertisedUrl() {
        return advertisedUrl;
    }

    public ConnectWorkerProperties properties() {
        return properties;
    }

    public synchronized void stop() {
        Herder running = herder;
        if (running != null) {
            log.info("Stopping the embedded Kafka Connect worker");
            ready = false;
            running.stop();
            herder = null;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
