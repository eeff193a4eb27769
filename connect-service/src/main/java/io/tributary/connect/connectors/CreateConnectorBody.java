package io.tributary.connect.connectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** {@code POST /connectors}: {@code {"name", "config", "initial_state"}} as Connect reads it. */
record CreateConnectorBody(
        @JsonProperty("name") String name,
        @JsonProperty("config") Map<String, String> config,
        @JsonProperty("initial_state") String initialState) {
}
