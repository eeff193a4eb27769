package io.tributary.proxy.topics;

import io.tributary.common.kafka.KafkaUnavailableException;
import io.tributary.proxy.errors.RestProxyError;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** The topics of the cluster, as the admin client sees them (Kafka's internal topics left out, as the proxy does). */
@Service
public class TopicCatalog {

    private final Admin admin;
    private final Duration timeout;
    private static final Duration COUNT_CACHE = Duration.ofSeconds(5);

    private volatile Boolean brokerAutoCreates;
    private final Map<String, CachedCount> partitionCounts = new ConcurrentHashMap<>();

    private record CachedCount(int count, long atNanos) {
    }

    public TopicCatalog(Admin admin, @Value("${tributary.kafka.request-timeout:10s}") Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    public List<String> names() {
        var options = new ListTopicsOptions().listInternal(false).timeoutMs(millis());
        return await(admin.listTopics(options).names(), "list topics").stream().sorted().toList();
    }

    /** The topic's name, configuration and partitions; {@code 40401} when the cluster has no such topic. */
    public Topic topic(String name) {
        TopicDescription description = describe(name).orElseThrow(RestProxyError.TOPIC_NOT_FOUND::exception);
        return new Topic(name, configs(name), partitions(description));
    }

    public List<Partition> partitions(String topic) {
        return partitions(describe(topic).orElseThrow(RestProxyError.TOPIC_NOT_FOUND::exception));
    }

    public Partition partition(String topic, int partition) {
        return partitions(topic).stream()
                .filter(p -> p.partition() == partition)
                .findFirst()
                .orElseThrow(RestProxyError.PARTITION_NOT_FOUND::exception);
    }

    public PartitionOffsets offsets(String topic, int partition) {
        partition(topic, partition);
        TopicPartition tp = new TopicPartition(topic, partition);
        var options = new ListOffsetsOptions().timeoutMs(millis());
        long beginning = await(admin.listOffsets(Map.of(tp, OffsetSpec.earliest()), options).partitionResult(tp),
                "list offsets").offset();
        long end = await(admin.listOffsets(Map.of(tp, OffsetSpec.latest()), options).partitionResult(tp),
                "list offsets").offset();
        return new PartitionOffsets(beginning, end);
    }

    /** How many partitions the topic has, or empty when the cluster has no such topic. */
    public Optional<Integer> partitionCount(String topic) {
        return describe(topic).map(d -> d.partitions().size());
    }

    /**
     * Like {@link #partitionCount(String)}, from a cache a few seconds old when that is enough to know partition
     * {@code mustInclude} exists (produce requests ask on every call; a cache miss, a topic the cache does not
     * know or a partition beyond the cached count always asks the broker, so nothing valid is ever refused).
     */
    public Optional<Integer> partitionCount(String topic, int mustInclude) {
        CachedCount cached = partitionCounts.get(topic);
        long now = System.nanoTime();
        if (cached != null && now - cached.atNanos() < COUNT_CACHE.toNanos() && mustInclude < cached.count()) {
            return Optional.of(cached.count());
        }
        Optional<Integer> live = partitionCount(topic);
        live.ifPresentOrElse(count -> partitionCounts.put(topic, new CachedCount(count, now)),
                () -> partitionCounts.remove(topic));
        return live;
    }

    /** Whether a producer's request for an unknown topic creates it ({@code auto.create.topics.enable}). */
    public boolean brokerAutoCreatesTopics() {
        Boolean known = brokerAutoCreates;
        if (known == null) {
            Collection<Node> nodes = await(admin.describeCluster().nodes(), "describe the cluster");
            String broker = nodes.stream().findFirst().map(Node::idString).orElse("0");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            Config config = await(admin.describeConfigs(List.of(resource), new DescribeConfigsOptions()
                    .timeoutMs(millis())).all(), "describe the broker").get(resource);
            ConfigEntry entry = config == null ? null : config.get("auto.create.topics.enable");
            known = entry == null || entry.value() == null || Boolean.parseBoolean(entry.value());
            brokerAutoCreates = known;
        }
        return known;
    }

    private Optional<TopicDescription> describe(String name) {
        try {
            var result = admin.describeTopics(List.of(name), new DescribeTopicsOptions().timeoutMs(millis()));
            return Optional.of(result.allTopicNames().get(millis(), TimeUnit.MILLISECONDS).get(name));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException
                    || e.getCause() instanceof InvalidTopicException) {
                return Optional.empty();
            }
            throw unavailable("describe topic " + name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("describe topic " + name, e);
        } catch (TimeoutException e) {
            throw unavailable("describe topic " + name, e);
        }
    }

    private Map<String, String> configs(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = await(admin.describeConfigs(List.of(resource),
                new DescribeConfigsOptions().timeoutMs(millis())).all(), "describe topic configs").get(resource);
        Map<String, String> configs = new TreeMap<>();
        if (config != null) {
            for (ConfigEntry entry : config.entries()) {
                if (entry.value() != null) {
                    configs.put(entry.name(), entry.value());
                }
            }
        }
        return configs;
    }

    private static List<Partition> partitions(TopicDescription description) {
        return description.partitions().stream().map(TopicCatalog::partition).toList();
    }

    private static Partition partition(TopicPartitionInfo info) {
        Integer leader = info.leader() == null || info.leader().isEmpty() ? -1 : info.leader().id();
        List<Replica> replicas = info.replicas().stream()
                .map(node -> new Replica(node.id(), node.id() == leader,
                        info.isr().stream().anyMatch(isr -> isr.id() == node.id())))
                .toList();
        return new Partition(info.partition(), leader, replicas);
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(millis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw RestProxyError.TOPIC_NOT_FOUND.exception();
            }
            throw unavailable(what, e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(what, e);
        }
    }

    private static KafkaUnavailableException unavailable(String what, Throwable cause) {
        return new KafkaUnavailableException("Kafka error: could not " + what + ": " + cause.getMessage(), cause);
    }

    private int millis() {
        return (int) timeout.toMillis();
    }
}
