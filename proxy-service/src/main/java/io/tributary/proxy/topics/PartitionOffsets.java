package io.tributary.proxy.topics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code GET /topics/{topic}/partitions/{partition}/offsets}: the first offset and the next one to be written. */
@JsonPropertyOrder({"beginning_offset", "end_offset"})
public record PartitionOffsets(@JsonProperty("beginning_offset") long beginningOffset,
        @JsonProperty("end_offset") long endOffset) {
}
