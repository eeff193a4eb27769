package io.tributary.proxy.topics;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** {@code GET /topics/{topic}}: the topic, its configuration and its partitions. */
@JsonPropertyOrder({"name", "configs", "partitions"})
public record Topic(String name, Map<String, String> configs, List<Partition> partitions) {
}
