package io.tributary.connect.history;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/** One recorded change of a connector: what was done, by whom, when, and its configuration before and after. */
@JsonPropertyOrder({"id", "connector", "action", "changed_by", "changed_at", "config_before", "config", "detail"})
public record ConfigChange(
        @JsonProperty("id") long id,
        @JsonProperty("connector") String connector,
        @JsonProperty("action") String action,
        @JsonProperty("changed_by") String changedBy,
        @JsonProperty("changed_at") Instant changedAt,
        @JsonProperty("config_before") Map<String, String> configBefore,
        @JsonProperty("config") Map<String, String> config,
        @JsonProperty("detail") @JsonInclude(JsonInclude.Include.NON_NULL) Object detail) {
}
