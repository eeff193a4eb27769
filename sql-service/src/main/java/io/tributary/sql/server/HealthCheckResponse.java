package io.tributary.sql.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** {@code GET /healthcheck} as ksqlDB answers it (always HTTP 200; {@code isHealthy} says the truth). */
@JsonPropertyOrder({"isHealthy", "details", "serverState"})
public record HealthCheckResponse(
        @JsonProperty("isHealthy") boolean isHealthy,
        @JsonProperty("details") Map<String, Detail> details,
        @JsonProperty("serverState") String serverState) {

    public record Detail(@JsonProperty("isHealthy") boolean isHealthy) {
    }
}
