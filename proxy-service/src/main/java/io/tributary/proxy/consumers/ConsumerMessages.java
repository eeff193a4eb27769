package io.tributary.proxy.consumers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** The JSON bodies of the consumer endpoints, field for field as REST Proxy v2 names them. */
public final class ConsumerMessages {

    private ConsumerMessages() {
    }

    /** {@code POST /consumers/{group}}; every field optional, numbers and booleans accepted as strings. */
    public record CreateConsumer(
            String name,
            String id,
            String format,
            @JsonProperty("auto.offset.reset") String autoOffsetReset,
            @JsonProperty("auto.commit.enable") String autoCommitEnable,
            @JsonProperty("fetch.min.bytes") String fetchMinBytes,
            @JsonProperty("consumer.request.timeout.ms") String requestTimeoutMs) {
    }

    @JsonPropertyOrder({"instance_id", "base_uri"})
    public record CreatedConsumer(@JsonProperty("instance_id") String instanceId,
            @JsonProperty("base_uri") String baseUri) {
    }

    public record SubscriptionRequest(List<String> topics, @JsonProperty("topic_pattern") String topicPattern) {
    }

    public record Subscription(List<String> topics) {
    }

    @JsonPropertyOrder({"topic", "partition"})
    public record TopicPartitionRef(String topic, Integer partition) {
    }

    public record Partitions(List<TopicPartitionRef> partitions) {
    }

    @JsonPropertyOrder({"topic", "partition", "offset", "metadata"})
    public record PartitionOffset(String topic, Integer partition, Long offset, String metadata) {
    }

    public record Offsets(List<PartitionOffset> offsets) {
    }
}
