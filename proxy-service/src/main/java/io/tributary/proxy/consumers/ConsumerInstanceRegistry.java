package io.tributary.proxy.consumers;

import io.tributary.proxy.errors.RestProxyError;
import io.tributary.proxy.errors.RestProxyException;
import io.tributary.proxy.kafka.ClientConfigs;
import io.tributary.proxy.records.EmbeddedFormat;
import io.tributary.proxy.schemas.AvroRecords;
import io.tributary.proxy.schemas.JsonSchemaRecords;
import io.tributary.proxy.schemas.ProtobufRecords;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The consumer instances this process holds, each with its own {@code KafkaConsumer}; their definitions are also
 * kept in PostgreSQL. Idle instances are closed after {@code consumer.instance.timeout.ms}.
 */
@Service
public class ConsumerInstanceRegistry {

    private static final Logger log = LoggerFactory.getLogger(ConsumerInstanceRegistry.class);

    /** How long a request waits for the instance while another request (a long read) is using it. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(30);

    /**
     * A live process refreshes its instances' rows at every sweep; a row older than this belongs to a process
     * that is gone.
     */
    private static final Duration STALE_AFTER = Duration.ofSeconds(60);

    /** How long closing a consumer may take to leave its group (and commit, with auto-commit). */
    private static final Duration KAFKA_CLOSE = Duration.ofSeconds(5);

    private final ConsumerSettings settings;
    private final ConsumerInstanceStore store;
    private final JsonMapper json;
    private final AvroRecords avro;
    private final JsonSchemaRecords jsonSchema;
    private final ProtobufRecords protobuf;
    private final Map<String, Object> clientConfig;
    private final String owner = "proxy-service-" + UUID.randomUUID();
    private volatile String ownerUrl;
    private final Map<ConsumerKey, ConsumerInstance> instances = new ConcurrentHashMap<>();

    public ConsumerInstanceRegistry(ConsumerSettings settings, ConsumerInstanceStore store, JsonMapper json,
            AvroRecords avro, JsonSchemaRecords jsonSchema, ProtobufRecords protobuf, KafkaAdmin kafkaAdmin) {
        this.protobuf = protobuf;
        this.avro = avro;
        this.jsonSchema = jsonSchema;
        this.settings = settings;
        this.store = store;
        this.json = json;
        this.clientConfig = ClientConfigs.from(kafkaAdmin.getConfigurationProperties());
    }

    /** Creates an instance in {@code group} and answers its id. */
    public String create(String group, ConsumerMessages.CreateConsumer request) {
        ConsumerMessages.CreateConsumer config = request == null
                ? new ConsumerMessages.CreateConsumer(null, null, null, null, null, null, null) : request;
        String name = config.id() != null ? config.id() : config.name();
        if (name == null || name.isBlank()) {
            name = "rest-consumer-" + UUID.randomUUID();
        }
        EmbeddedFormat format = formatOf(config.format());
        Map<String, String> kafkaConfig = new LinkedHashMap<>();
        putIfGiven(kafkaConfig, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.autoOffsetReset());
        putIfGiven(kafkaConfig, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, config.autoCommitEnable());
        putIfGiven(kafkaConfig, ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.fetchMinBytes());
        Duration requestTimeout = requestTimeoutOf(config.requestTimeoutMs());
        ConsumerDefinition definition = new ConsumerDefinition(group, name, format, kafkaConfig, requestTimeout);
        ConsumerKey key = new ConsumerKey(group, name);

        if (instances.containsKey(key)) {
            throw RestProxyError.CONSUMER_ALREADY_EXISTS.exception();
        }
        KafkaConsumer<byte[], byte[]> consumer = newConsumer(definition);
        ConsumerInstance instance = new ConsumerInstance(definition, consumer);
        if (instances.putIfAbsent(key, instance) != null) {
            consumer.close(Duration.ZERO);
            throw RestProxyError.CONSUMER_ALREADY_EXISTS.exception();
        }
        boolean recorded = false;
        try {
            recorded = store.insert(definition, owner, ownerUrl, STALE_AFTER);
        } finally {
            if (!recorded) {
                instances.remove(key, instance);
                instance.close(Duration.ZERO, Duration.ZERO);
            }
        }
        if (!recorded) {
            // another replica holds an instance of that name
            throw RestProxyError.CONSUMER_ALREADY_EXISTS.exception();
        }
        return name;
    }

    public void delete(String group, String instanceId) {
        ConsumerInstance instance = instances.remove(new ConsumerKey(group, instanceId));
        if (instance == null) {
            throw RestProxyError.CONSUMER_INSTANCE_NOT_FOUND.exception();
        }
        store.delete(group, instanceId);
        instance.close(BUSY_WAIT, KAFKA_CLOSE);
    }

    public void subscribe(String group, String instanceId, ConsumerMessages.SubscriptionRequest request) {
        ConsumerInstance instance = find(group, instanceId);
        run(instance, () -> {
            if (request.topics() != null) {
                instance.subscribe(request.topics());
            } else if (request.topicPattern() != null) {
                instance.subscribe(compile(request.topicPattern()));
            }
            return null;
        });
        store.saveSubscription(group, instanceId, request);
    }

    public List<String> subscription(String group, String instanceId) {
        ConsumerInstance instance = find(group, instanceId);
        return run(instance, () -> instance.subscription().stream().sorted().toList());
    }

    public void unsubscribe(String group, String instanceId) {
        ConsumerInstance instance = find(group, instanceId);
        run(instance, () -> {
            instance.unsubscribe();
            return null;
        });
        store.saveSubscription(group, instanceId, null);
    }

    public void assign(String group, String instanceId, List<TopicPartition> partitions) {
        ConsumerInstance instance = find(group, instanceId);
        run(instance, () -> {
            instance.assign(partitions);
            return null;
        });
        store.saveSubscription(group, instanceId, Map.of("partitions", partitions.stream()
                .map(tp -> Map.of("topic", tp.topic(), "partition", tp.partition())).toList()));
    }

    public List<TopicPartition> assignment(String group, String instanceId) {
        ConsumerInstance instance = find(group, instanceId);
        return run(instance, () -> instance.assignment().stream()
                .sorted((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                        : a.topic().compareTo(b.topic()))
                .toList());
    }

    public void seek(String group, String instanceId, Map<TopicPartition, Long> offsets) {
        ConsumerInstance instance = find(group, instanceId);
        run(instance, () -> {
            instance.seek(offsets);
            return null;
        });
    }

    public void seekToBeginning(String group, String instanceId, List<TopicPartition> partitions) {
        ConsumerInstance instance = find(group, instanceId);
        run(instance, () -> {
            instance.seekToBeginning(partitions);
            return null;
        });
    }

    public void seekToEnd(String group, String instanceId, List<TopicPartition> partitions) {
        ConsumerInstance instance = find(group, instanceId);
        run(instance, () -> {
            instance.seekToEnd(partitions);
            return null;
        });
    }

    /**
     * Commits {@code offsets} as the last records consumed (the group resumes after each, as on the real proxy),
     * or, when none are given, everything this instance has handed out.
     */
    public void commit(String group, String instanceId, Map<TopicPartition, OffsetAndMetadata> lastConsumed) {
        ConsumerInstance instance = find(group, instanceId);
        run(instance, () -> {
            if (lastConsumed == null) {
                instance.commitHandedOut();
            } else {
                Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
                lastConsumed.forEach((tp, om) -> next.put(tp, new OffsetAndMetadata(om.offset() + 1, om.metadata())));
                instance.commit(next);
            }
            return null;
        });
    }

    /** The group's committed offsets of these partitions; partitions without one are left out. */
    public Map<TopicPartition, OffsetAndMetadata> committed(String group, String instanceId,
            Set<TopicPartition> partitions) {
        ConsumerInstance instance = find(group, instanceId);
        return run(instance, () -> instance.committed(partitions));
    }

    /** The instance's format, to check a read's {@code Accept} against. */
    public EmbeddedFormat format(String group, String instanceId) {
        return find(group, instanceId).definition().format();
    }

    /**
     * Reads records: waits at most {@code timeout} (when given and shorter than the instance's request timeout)
     * and returns at most {@code maxBytes} of keys and values (when given and below the proxy's limit).
     */
    public List<ConsumedRecord> read(String group, String instanceId, long timeoutMillis, long maxBytes) {
        ConsumerInstance instance = find(group, instanceId);
        Duration wait = settings.readWait(instance.definition().requestTimeout());
        if (timeoutMillis >= 0 && timeoutMillis < wait.toMillis()) {
            wait = Duration.ofMillis(timeoutMillis);
        }
        long bytes = maxBytes > 0 ? Math.min(maxBytes, settings.requestMaxBytes()) : settings.requestMaxBytes();
        Duration readFor = wait;
        EmbeddedFormat format = instance.definition().format();
        Function<byte[], Object> decoder = switch (format) {
            case AVRO -> avro::decode;
            case JSONSCHEMA -> jsonSchema::decode;
            case PROTOBUF -> protobuf::decode;
            case BINARY, JSON -> data -> format.decode(data, json);
        };
        return run(instance, () -> instance.read(readFor, bytes, decoder));
    }

    /** Closes the instances idle for longer than {@code consumer.instance.timeout.ms}, as of {@code nowMillis}. */
    public int expireIdle(long nowMillis) {
        long limit = settings.instanceTimeout().toMillis();
        int expired = 0;
        for (Map.Entry<ConsumerKey, ConsumerInstance> entry : new ArrayList<>(instances.entrySet())) {
            if (nowMillis - entry.getValue().lastUsedMillis() > limit
                    && instances.remove(entry.getKey(), entry.getValue())) {
                log.info("Consumer instance {} of group {} was idle for more than {} ms: closing it",
                        entry.getKey().instanceId(), entry.getKey().group(), limit);
                store.delete(entry.getKey().group(), entry.getKey().instanceId());
                entry.getValue().close(BUSY_WAIT, KAFKA_CLOSE);
                expired++;
            }
        }
        return expired;
    }

    @Scheduled(fixedDelayString = "${tributary.proxy.consumer.expiry-check-ms:10000}",
            initialDelayString = "${tributary.proxy.consumer.expiry-check-ms:10000}")
    void sweep() {
        try {
            expireIdle(System.currentTimeMillis());
            store.touch(instances.keySet());
            store.deleteIdleFor(settings.instanceTimeout().plus(STALE_AFTER));
        } catch (RuntimeException e) {
            log.warn("Consumer instance sweep failed: {}", e.getMessage());
        }
    }

    /** How long to wait for another replica to answer a request forwarded to it. */
    public Duration forwardTimeout() {
        return settings.forwardTimeoutOr(BUSY_WAIT);
    }

    /** The URL other replicas reach this process at (set once its web server listens). */
    public void serveAt(String url) {
        this.ownerUrl = url;
    }

    /**
     * Where a request for this instance must go: empty when this process serves it (it holds the instance, has just
     * taken it over from an owner that is gone, or nobody has it and the answer is 40403), else the URL of the
     * live replica that holds it.
     *
     * @param ownerUnreachable the recorded owner did not answer a forwarded request: take the instance over
     */
    public Optional<String> ownerElsewhere(String group, String instanceId, boolean ownerUnreachable) {
        ConsumerKey key = new ConsumerKey(group, instanceId);
        if (instances.containsKey(key)) {
            return Optional.empty();
        }
        Optional<ConsumerInstanceStore.StoredInstance> row = store.find(group, instanceId, STALE_AFTER);
        if (row.isEmpty() || owner.equals(row.get().owner())) {
            return Optional.empty();
        }
        ConsumerInstanceStore.StoredInstance stored = row.get();
        if (stored.ownerAlive() && !ownerUnreachable && !stored.ownerUrl().equals(ownerUrl)) {
            return Optional.of(stored.ownerUrl());
        }
        takeOver(key, stored);
        return Optional.empty();
    }

    private synchronized void takeOver(ConsumerKey key, ConsumerInstanceStore.StoredInstance stored) {
        if (instances.containsKey(key)
                || !store.takeOver(key.group(), key.instanceId(), stored.owner(), owner, ownerUrl)) {
            return;
        }
        ConsumerDefinition definition = stored.definition();
        ConsumerInstance instance;
        try {
            instance = new ConsumerInstance(definition, newConsumer(definition));
        } catch (RuntimeException e) {
            // no row may claim this process as owner with nothing in memory (it would answer 40403 until stale)
            store.release(key.group(), key.instanceId(), owner);
            throw e;
        }
        try {
            resume(instance, stored.subscriptionJson());
        } catch (RuntimeException e) {
            log.warn("Consumer instance {} of group {} taken over without its subscription: {}",
                    key.instanceId(), key.group(), e.getMessage());
        }
        instances.put(key, instance);
        log.info("Took over consumer instance {} of group {} from {}", key.instanceId(), key.group(),
                stored.owner());
    }

    /** Subscribes or assigns as the previous owner had; positions come from the group's committed offsets. */
    private void resume(ConsumerInstance instance, String subscriptionJson) {
        if (subscriptionJson == null) {
            return;
        }
        JsonNode subscription = json.readTree(subscriptionJson);
        if (subscription.hasNonNull("partitions")) {
            List<TopicPartition> partitions = new ArrayList<>();
            subscription.get("partitions").forEach(p -> partitions.add(
                    new TopicPartition(p.get("topic").asString(), p.get("partition").intValue())));
            instance.assign(partitions);
        } else if (subscription.hasNonNull("topics")) {
            List<String> topics = new ArrayList<>();
            subscription.get("topics").forEach(t -> topics.add(t.asString()));
            instance.subscribe(topics);
        } else if (subscription.hasNonNull("topic_pattern")) {
            instance.subscribe(compile(subscription.get("topic_pattern").asString()));
        }
    }

    /** Closes every instance at shutdown, all at once, so a broker that is already gone costs one timeout. */
    @PreDestroy
    void closeAll() {
        List<Thread> closing = new ArrayList<>();
        for (ConsumerKey key : new ArrayList<>(instances.keySet())) {
            ConsumerInstance instance = instances.remove(key);
            if (instance != null) {
                Thread thread = new Thread(() -> instance.close(Duration.ofSeconds(2), Duration.ofSeconds(2)),
                        "close-" + key.instanceId());
                thread.setDaemon(true);
                thread.start();
                closing.add(thread);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (Thread thread : closing) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // the instances outlive this process: the next request for one, on any replica, takes it over and goes on
        // from the group's committed offsets. The database may be going away too (one JVM, tests): do not hold
        // shutdown up for it.
        Thread forget = new Thread(() -> {
            try {
                store.releaseOwnedBy(owner);
            } catch (RuntimeException e) {
                log.debug("Could not release this process's consumer instances: {}", e.getMessage());
            }
        }, "release-consumer-instances");
        forget.setDaemon(true);
        forget.start();
        try {
            forget.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ConsumerInstance find(String group, String instanceId) {
        ConsumerInstance instance = instances.get(new ConsumerKey(group, instanceId));
        if (instance == null) {
            throw RestProxyError.CONSUMER_INSTANCE_NOT_FOUND.exception();
        }
        return instance;
    }

    private static <T> T run(ConsumerInstance instance, Supplier<T> work) {
        return instance.use(BUSY_WAIT, () -> {
            try {
                return work.get();
            } catch (RestProxyException | WakeupException e) {
                throw e;
            } catch (IllegalStateException e) {
                throw RestProxyError.ILLEGAL_STATE.exception(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw RestProxyError.UNPROCESSABLE_ENTITY.exception(e.getMessage(), e);
            } catch (RetriableException e) {
                throw RestProxyError.KAFKA_RETRIABLE_ERROR.exception(e.getMessage(), e);
            } catch (KafkaException e) {
                throw RestProxyError.KAFKA_ERROR.exception(e.getMessage(), e);
            }
        });
    }

    private KafkaConsumer<byte[], byte[]> newConsumer(ConsumerDefinition definition) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.putAll(definition.kafkaConfig());
        // Kafka's own auto-commit would commit records fetched but not yet handed out to the client (lost to the
        // group on a rebalance or close); the instance commits what it handed out instead (ConsumerInstance)
        ConsumerInstance.autoCommitOf(definition);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a read answers with everything one poll returns (up to max_bytes): more per poll, fewer HTTP round trips
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, definition.group());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, definition.instanceId());
        try {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (ConfigException e) {
            throw RestProxyError.INVALID_CONSUMER_CONFIG.exception(e.getMessage(), e);
        } catch (KafkaException e) {
            Throwable cause = e.getCause() instanceof ConfigException ? e.getCause() : e;
            throw RestProxyError.INVALID_CONSUMER_CONFIG.exception(cause.getMessage(), e);
        }
    }

    private static EmbeddedFormat formatOf(String format) {
        if (format == null || format.isBlank()) {
            return EmbeddedFormat.BINARY;
        }
        return EmbeddedFormat.ofWireName(format).orElseThrow(() -> RestProxyError.INVALID_CONSUMER_CONFIG
                .exception("format " + format + " is not supported here (supported: binary, json, avro, jsonschema, protobuf)"));
    }

    private static Duration requestTimeoutOf(String millis) {
        if (millis == null || millis.isBlank()) {
            return null;
        }
        try {
            // an int, as on the real proxy
            int value = Integer.parseInt(millis.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(value);
        } catch (NumberFormatException e) {
            throw RestProxyError.INVALID_CONSUMER_CONFIG.exception(
                    "consumer.request.timeout.ms must be a number of milliseconds up to " + Integer.MAX_VALUE
                            + ", got " + millis);
        }
    }

    private static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("topic_pattern is not a valid regular expression: "
                    + e.getDescription());
        }
    }

    private static void putIfGiven(Map<String, String> config, String key, String value) {
        if (value != null && !value.isBlank()) {
            config.put(key, value.trim());
        }
    }
}
