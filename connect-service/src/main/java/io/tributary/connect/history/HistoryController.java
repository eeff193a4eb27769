package io.tributary.connect.history;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Our extension to Connect's API: {@code GET /connectors/{c}/history}, every recorded change, oldest first. */
@RestController
class HistoryController {

    private final ConfigChangeHistory history;

    HistoryController(ConfigChangeHistory history) {
        this.history = history;
    }

    @Operation(summary = "History of a connector's configuration changes (Tributary extension, not in Kafka Connect)",
            description = "Every create, PUT, PATCH, pause, resume, stop, delete and offsets change of the connector,"
                    + " oldest first: action, caller (the authenticated user, or null), time, and the configuration"
                    + " before and after. A connector never created answers an empty list.")
    @GetMapping(path = "/connectors/{connector}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    List<ConfigChange> history(@PathVariable String connector) {
        return history.of(connector);
    }
}
