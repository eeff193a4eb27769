package io.tributary.proxy.consumers;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One record of a {@code records} answer; key and value as the instance's format shows them (a base64 string for
 * binary, the JSON itself for json, null when absent).
 */
@JsonPropertyOrder({"topic", "key", "value", "partition", "offset"})
public record ConsumedRecord(String topic, Object key, Object value, int partition, long offset) {
}
