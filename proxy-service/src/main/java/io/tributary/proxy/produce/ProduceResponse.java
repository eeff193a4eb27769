package io.tributary.proxy.produce;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import tools.jackson.databind.annotation.JsonSerialize;

/** Where each record of a request went, in request order, and the schema ids used (null without schemas). */
@JsonPropertyOrder({"offsets", "key_schema_id", "value_schema_id"})
@JsonSerialize(using = ProduceResponseSerializer.class)
public record ProduceResponse(
        List<RecordResult> offsets,
        @JsonProperty("key_schema_id") Integer keySchemaId,
        @JsonProperty("value_schema_id") Integer valueSchemaId) {

    /** A record's partition and offset, or, when Kafka refused it, its error code and message. */
    @JsonPropertyOrder({"partition", "offset", "error_code", "error"})
    public record RecordResult(
            Integer partition,
            Long offset,
            @JsonProperty("error_code") Integer errorCode,
            String error) {
    }
}
