package io.tributary.proxy.produce;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /topics/{topic}} and {@code POST /topics/{topic}/partitions/{partition}}. Every field
 * may be null or absent, as clients such as Confluent's Node client send them.
 */
@JsonDeserialize(using = ProduceRequestDeserializer.class)
public record ProduceRequest(
        @JsonProperty("key_schema") String keySchema,
        @JsonProperty("key_schema_id") Integer keySchemaId,
        @JsonProperty("value_schema") String valueSchema,
        @JsonProperty("value_schema_id") Integer valueSchemaId,
        @JsonProperty("records") List<Record> records) {

    public ProduceRequest {
        records = records == null ? List.of() : records;
    }

    /** One record; {@code partition} is optional and, on the partition endpoint, ignored. */
    public record Record(JsonNode key, JsonNode value, Integer partition) {
    }
}
