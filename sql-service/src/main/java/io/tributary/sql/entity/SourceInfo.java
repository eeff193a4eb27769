package io.tributary.sql.entity;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An item of {@code SHOW STREAMS} / {@code SHOW TABLES}. */
@JsonPropertyOrder({"type", "name", "topic", "keyFormat", "valueFormat", "isWindowed"})
public record SourceInfo(String type, String name, String topic, String keyFormat, String valueFormat,
        @JsonProperty("isWindowed") boolean isWindowed) {
}
