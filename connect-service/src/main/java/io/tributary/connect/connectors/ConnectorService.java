package io.tributary.connect.connectors;

import io.tributary.connect.history.ConfigChangeHistory;
import io.tributary.connect.worker.HerderCalls;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.RestartRequest;
import org.apache.kafka.connect.runtime.TargetState;
import org.apache.kafka.connect.runtime.rest.entities.ActiveTopicsInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.entities.Message;
import org.apache.kafka.connect.runtime.rest.entities.TaskInfo;
import org.apache.kafka.connect.runtime.rest.errors.BadRequestException;
import org.apache.kafka.connect.util.ConnectorTaskId;
import org.springframework.stereotype.Service;

/**
 * The connectors of the Connect cluster, through the embedded herder: what Connect's {@code ConnectorsResource}
 * does, without HTTP, plus the history of every configuration change. {@code caller} is the authenticated user
 * making the change, or null.
 */
@Service
public class ConnectorService {

    private final HerderCalls calls;
    private final ConfigChangeHistory history;
    private final IdempotentCreates idempotentCreates;

    public ConnectorService(HerderCalls calls, ConfigChangeHistory history, IdempotentCreates idempotentCreates) {
        this.calls = calls;
        this.history = history;
        this.idempotentCreates = idempotentCreates;
    }

    public Collection<String> names() {
        return calls.now("listing connectors", Herder::connectors);
    }

    /** Connect's {@code ?expand=status|info}: per connector, the requested expansions; unknown ones are ignored. */
    public Map<String, Map<String, Object>> expanded(List<String> expansions) {
        Herder herder = calls.herder();
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (String connector : herder.connectors()) {
            try {
                Map<String, Object> expanded = new HashMap<>();
                for (String expansion : expansions) {
                    switch (expansion) {
                        case "status" -> expanded.put("status", herder.connectorStatus(connector));
                        case "info" -> expanded.put("info", herder.connectorInfo(connector));
                        default -> { }
                    }
                }
                out.put(connector, expanded);
            } catch (NotFoundException deletedMeanwhile) {
                // listed a moment ago, deleted since: Connect leaves it out too
            }
        }
        return out;
    }

    /**
     * Creates a connector. With an {@code idempotencyKey} (may be null), repeating the same request answers the
     * connector the first one created instead of a conflict, and another request under that key is refused.
     */
    public ConnectorInfo create(String name, Map<String, String> config, TargetState initialState, String caller,
            String idempotencyKey) {
        if (idempotencyKey == null) {
            return create(name, config, initialState, caller);
        }
        String fingerprint = idempotentCreates.fingerprint(name, config, initialState);
        var earlier = idempotentCreates.replay(idempotencyKey, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            ConnectorInfo created = create(name, config, initialState, caller);
            idempotentCreates.remember(idempotencyKey, fingerprint, created);
            return created;
        } catch (AlreadyExistsException e) {
            // the same request, repeated while the first one was still being served
            return idempotentCreates.replay(idempotencyKey, fingerprint).orElseThrow(() -> e);
        }
    }

    private ConnectorInfo create(String name, Map<String, String> config, TargetState initialState, String caller) {
        Map<String, String> withName = withName(name, config);
        Herder.Created<ConnectorInfo> created = calls.await("creating connector " + name,
                (herder, cb) -> herder.putConnectorConfig(name, withName, initialState, false, cb));
        history.record(name, "create", caller, null, created.result().config(),
                initialState == null ? null : Map.of("initial_state", initialState.name()));
        return created.result();
    }

    public ConnectorInfo info(String name) {
        return calls.await("reading connector " + name, (herder, cb) -> herder.connectorInfo(name, cb));
    }

    public Map<String, String> config(String name) {
        return calls.await("reading the configuration of connector " + name,
                (herder, cb) -> herder.connectorConfig(name, cb));
    }

    public Herder.Created<ConnectorInfo> putConfig(String name, Map<String, String> config, String caller) {
        Map<String, String> withName = withName(name, config);
        Map<String, String> before = configOrNull(name);
        Herder.Created<ConnectorInfo> result = calls.await("configuring connector " + name,
                (herder, cb) -> herder.putConnectorConfig(name, withName, true, cb));
        history.record(name, result.created() ? "create" : "update", caller, before, result.result().config(), null);
        return result;
    }

    public ConnectorInfo patchConfig(String name, Map<String, String> patch, String caller) {
        Map<String, String> before = configOrNull(name);
        Herder.Created<ConnectorInfo> result = calls.await("patching the configuration of connector " + name,
                (herder, cb) -> herder.patchConnectorConfig(name, patch, cb));
        history.record(name, "patch", caller, before, result.result().config(), null);
        return result.result();
    }

    public void delete(String name, String caller) {
        Map<String, String> before = configOrNull(name);
        calls.<Herder.Created<ConnectorInfo>>await("deleting connector " + name,
                (herder, cb) -> herder.deleteConnectorConfig(name, cb));
        history.record(name, "delete", caller, before, null, null);
    }

    public ConnectorStateInfo status(String name) {
        return calls.now("reading the status of connector " + name, herder -> herder.connectorStatus(name));
    }

    public List<TaskInfo> tasks(String name) {
        return calls.await("reading the tasks of connector " + name, (herder, cb) -> herder.taskConfigs(name, cb));
    }

    public ConnectorStateInfo.TaskState taskStatus(String name, int task) {
        return calls.now("reading the status of task " + task + " of connector " + name,
                herder -> herder.taskStatus(new ConnectorTaskId(name, task)));
    }

    /** Restarts the connector alone (answers null) or, with tasks or only failed instances, answers the plan. */
    public ConnectorStateInfo restart(String name, boolean includeTasks, boolean onlyFailed) {
        RestartRequest request = new RestartRequest(name, onlyFailed, includeTasks);
        if (request.forceRestartConnectorOnly()) {
            calls.<Void>await("restarting connector " + name, (herder, cb) -> herder.restartConnector(name, cb));
            return null;
        }
        return calls.await("restarting connector " + name + " and its tasks",
                (herder, cb) -> herder.restartConnectorAndTasks(request, cb));
    }

    public void restartTask(String name, int task) {
        calls.<Void>await("restarting task " + task + " of connector " + name,
                (herder, cb) -> herder.restartTask(new ConnectorTaskId(name, task), cb));
    }

    public void pause(String name, String caller) {
        calls.now("pausing connector " + name, herder -> {
            herder.pauseConnector(name);
            return null;
        });
        history.record(name, "pause", caller, null, null, null);
    }

    public void resume(String name, String caller) {
        calls.now("resuming connector " + name, herder -> {
            herder.resumeConnector(name);
            return null;
        });
        history.record(name, "resume", caller, null, null, null);
    }

    public void stop(String name, String caller) {
        calls.<Void>await("stopping connector " + name, (herder, cb) -> herder.stopConnector(name, cb));
        history.record(name, "stop", caller, null, null, null);
    }

    public ActiveTopicsInfo topics(String name) {
        return calls.now("reading the topics of connector " + name, herder -> herder.connectorActiveTopics(name));
    }

    public void resetTopics(String name) {
        calls.now("resetting the topics of connector " + name, herder -> {
            herder.resetConnectorActiveTopics(name);
            return null;
        });
    }

    public ConnectorOffsets offsets(String name) {
        return calls.await("reading the offsets of connector " + name,
                (herder, cb) -> herder.connectorOffsets(name, cb));
    }

    public Message alterOffsets(String name, ConnectorOffsets offsets, String caller) {
        if (offsets.offsets() == null || offsets.offsets().isEmpty()) {
            throw new BadRequestException("Partitions / offsets need to be provided for an alter offsets request");
        }
        Message message = calls.await("altering the offsets of connector " + name,
                (herder, cb) -> herder.alterConnectorOffsets(name, offsets.toMap(), cb));
        history.record(name, "alter-offsets", caller, null, null, offsets);
        return message;
    }

    public Message resetOffsets(String name, String caller) {
        Message message = calls.await("resetting the offsets of connector " + name,
                (herder, cb) -> herder.resetConnectorOffsets(name, cb));
        history.record(name, "reset-offsets", caller, null, null, null);
        return message;
    }

    private Map<String, String> configOrNull(String name) {
        try {
            return config(name);
        } catch (NotFoundException e) {
            return null;
        }
    }

    private static Map<String, String> withName(String name, Map<String, String> config) {
        Map<String, String> out = new LinkedHashMap<>(config);
        String included = out.get("name");
        if (included == null) {
            out.put("name", name);
        } else if (!included.equals(name)) {
            throw new BadRequestException("Connector name configuration (" + included
                    + ") doesn't match connector name in the URL (" + name + ")");
        }
        return out;
    }
}
