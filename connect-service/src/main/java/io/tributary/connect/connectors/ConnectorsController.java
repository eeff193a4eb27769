package io.tributary.connect.connectors;

import io.tributary.connect.web.Caller;
import io.tributary.connect.worker.ConnectWorkerProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.TargetState;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.entities.Message;
import org.apache.kafka.connect.runtime.rest.entities.TaskInfo;
import org.apache.kafka.connect.runtime.rest.errors.BadRequestException;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Connect's {@code /connectors} resource: status codes and bodies as Apache Kafka Connect 4.1 answers them. */
@RestController
@RequestMapping(path = "/connectors", produces = MediaType.APPLICATION_JSON_VALUE)
class ConnectorsController {

    private final ConnectorService connectors;
    private final OffsetsBodyReader offsetsReader;
    private final boolean topicTracking;
    private final boolean topicTrackingReset;

    ConnectorsController(ConnectorService connectors, OffsetsBodyReader offsetsReader,
            ConnectWorkerProperties worker) {
        this.connectors = connectors;
        this.offsetsReader = offsetsReader;
        this.topicTracking = !"false".equalsIgnoreCase(worker.worker().get("topic.tracking.enable"));
        this.topicTrackingReset = !"false".equalsIgnoreCase(worker.worker().get("topic.tracking.allow.reset"));
    }

    @GetMapping
    Object list(@RequestParam(name = "expand", required = false) List<String> expand) {
        return expand == null ? connectors.names() : connectors.expanded(expand);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ConnectorInfo> create(@RequestBody CreateConnectorBody body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            HttpServletRequest request) {
        String name = body.name() == null ? "" : body.name().trim();
        if (body.config() == null) {
            throw new BadRequestException("Connector configuration is missing: the request needs a \"config\" object");
        }
        checkName(name);
        ConnectorInfo info = connectors.create(name, body.config(), initialState(body.initialState()),
                Caller.of(request), idempotencyKey == null || idempotencyKey.isBlank() ? null : idempotencyKey);
        return ResponseEntity.created(location(name)).body(info);
    }

    @GetMapping("/{connector}")
    ConnectorInfo info(@PathVariable String connector) {
        return connectors.info(connector);
    }

    @GetMapping("/{connector}/config")
    Map<String, String> config(@PathVariable String connector) {
        return connectors.config(connector);
    }

    @PutMapping(path = "/{connector}/config", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ConnectorInfo> putConfig(@PathVariable String connector, @RequestBody Map<String, String> config,
            HttpServletRequest request) {
        checkName(connector);
        Herder.Created<ConnectorInfo> result = connectors.putConfig(connector, config, Caller.of(request));
        return result.created()
                ? ResponseEntity.created(location(connector)).body(result.result())
                : ResponseEntity.ok(result.result());
    }

    @PatchMapping(path = "/{connector}/config", consumes = MediaType.APPLICATION_JSON_VALUE)
    ConnectorInfo patchConfig(@PathVariable String connector, @RequestBody Map<String, String> patch,
            HttpServletRequest request) {
        return connectors.patchConfig(connector, patch, Caller.of(request));
    }

    @GetMapping("/{connector}/status")
    ConnectorStateInfo status(@PathVariable String connector) {
        return connectors.status(connector);
    }

    @GetMapping("/{connector}/tasks")
    List<TaskInfo> tasks(@PathVariable String connector) {
        return connectors.tasks(connector);
    }

    @GetMapping("/{connector}/tasks/{task}/status")
    ConnectorStateInfo.TaskState taskStatus(@PathVariable String connector, @PathVariable String task) {
        return connectors.taskStatus(connector, taskId(task));
    }

    @PostMapping("/{connector}/restart")
    ResponseEntity<ConnectorStateInfo> restart(@PathVariable String connector,
            @RequestParam(defaultValue = "false") boolean includeTasks,
            @RequestParam(defaultValue = "false") boolean onlyFailed) {
        ConnectorStateInfo plan = connectors.restart(connector, includeTasks, onlyFailed);
        return plan == null ? ResponseEntity.noContent().build() : ResponseEntity.accepted().body(plan);
    }

    @PostMapping("/{connector}/tasks/{task}/restart")
    ResponseEntity<Void> restartTask(@PathVariable String connector, @PathVariable String task) {
        connectors.restartTask(connector, taskId(task));
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/{connector}/pause")
    ResponseEntity<Void> pause(@PathVariable String connector, HttpServletRequest request) {
        connectors.pause(connector, Caller.of(request));
        return ResponseEntity.accepted().build();
    }

    @PutMapping("/{connector}/resume")
    ResponseEntity<Void> resume(@PathVariable String connector, HttpServletRequest request) {
        connectors.resume(connector, Caller.of(request));
        return ResponseEntity.accepted().build();
    }

    @PutMapping("/{connector}/stop")
    ResponseEntity<Void> stop(@PathVariable String connector, HttpServletRequest request) {
        connectors.stop(connector, Caller.of(request));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/{connector}")
    ResponseEntity<Void> delete(@PathVariable String connector, HttpServletRequest request) {
        connectors.delete(connector, Caller.of(request));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{connector}/topics")
    Map<String, Object> topics(@PathVariable String connector) {
        if (!topicTracking) {
            throw new ConnectRestException(403, "Topic tracking is disabled.");
        }
        var info = connectors.topics(connector);
        Map<String, Object> out = new HashMap<>();
        out.put(info.connector(), info);
        return out;
    }

    @PutMapping("/{connector}/topics/reset")
    ResponseEntity<Void> resetTopics(@PathVariable String connector) {
        if (!topicTracking) {
            throw new ConnectRestException(403, "Topic tracking is disabled.");
        }
        if (!topicTrackingReset) {
            throw new ConnectRestException(403, "Topic tracking reset is disabled.");
        }
        connectors.resetTopics(connector);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/{connector}/offsets")
    ConnectorOffsets offsets(@PathVariable String connector) {
        return connectors.offsets(connector);
    }

    @PatchMapping(path = "/{connector}/offsets", consumes = MediaType.APPLICATION_JSON_VALUE)
    Message alterOffsets(@PathVariable String connector, @RequestBody Map<String, Object> body,
            HttpServletRequest request) {
        return connectors.alterOffsets(connector, offsetsReader.read(body), Caller.of(request));
    }

    @DeleteMapping("/{connector}/offsets")
    Message resetOffsets(@PathVariable String connector, HttpServletRequest request) {
        return connectors.resetOffsets(connector, Caller.of(request));
    }

    private static URI location(String name) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/connectors/{name}")
                .buildAndExpand(name).toUri();
    }

    private static void checkName(String name) {
        if (name.indexOf('/') >= 0) {
            throw new BadRequestException("Connector name " + name + " is invalid: it may not contain '/'");
        }
    }

    private static TargetState initialState(String state) {
        if (state == null) {
            return null;
        }
        return switch (state.trim().toUpperCase(Locale.ROOT)) {
            case "RUNNING" -> TargetState.STARTED;
            case "PAUSED" -> TargetState.PAUSED;
            case "STOPPED" -> TargetState.STOPPED;
            default -> throw new BadRequestException("Unknown initial_state '" + state
                    + "': it is one of RUNNING, PAUSED, STOPPED");
        };
    }

    private static int taskId(String task) {
        try {
            return Integer.parseInt(task);
        } catch (NumberFormatException e) {
            throw new NotFoundException("Task " + task + " not found: task ids are numbers");
        }
    }
}
