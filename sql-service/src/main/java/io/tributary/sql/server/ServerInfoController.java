package io.tributary.sql.server;

import io.tributary.sql.engine.CommandExecutor;
import io.tributary.sql.web.KsqlMediaTypes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** ksqlDB's {@code /info} and {@code /healthcheck}. Like ksqlDB's old API, always sent as application/json. */
@RestController
class ServerInfoController {

    private final ServerHealth health;
    private final ServerState state;
    private final SqlServerProperties properties;
    private final CommandExecutor commands;

    ServerInfoController(ServerHealth health, ServerState state, SqlServerProperties properties,
            CommandExecutor commands) {
        this.health = health;
        this.state = state;
        this.properties = properties;
        this.commands = commands;
    }

    /**
     * ksqlDB's command runner status: DEGRADED once the log holds a command this release cannot execute. Asked at
     * every request: ksqlDB computes its /info once, at the first call, so an instance degraded later kept saying
     * RUNNING there (its /healthcheck told the truth); answering the current status serves what the field is for.
     */
    private boolean commandRunnerRunning() {
        return commands.incompatibleCommand().isEmpty();
    }

    @GetMapping(path = "/info", produces = {KsqlMediaTypes.KSQL_V1_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<KsqlServerInfo> info() {
        var info = new KsqlServerInfo.Info(properties.reportedVersion(), health.cluster().clusterId(),
                properties.serviceId(), commandRunnerRunning() ? "RUNNING" : "DEGRADED");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new KsqlServerInfo(info));
    }

    @GetMapping(path = "/healthcheck", produces = {KsqlMediaTypes.KSQL_V1_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<HealthCheckResponse> healthcheck() {
        Map<String, HealthCheckResponse.Detail> details = new LinkedHashMap<>();
        health.check().forEach((name, healthy) -> details.put(name, new HealthCheckResponse.Detail(healthy)));
        details.put("commandRunner", new HealthCheckResponse.Detail(commandRunnerRunning()));
        boolean healthy = details.values().stream().allMatch(HealthCheckResponse.Detail::isHealthy);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(new HealthCheckResponse(healthy, details, state.current().name()));
    }
}
