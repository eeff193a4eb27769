package io.tributary.sql.web;

import io.tributary.common.errors.ApiException;
import io.tributary.common.errors.ErrorEnvelope;
import io.tributary.sql.commands.CommandLog;
import io.tributary.sql.commands.LoggedCommand;
import io.tributary.sql.engine.CommandExecutor;
import io.tributary.sql.engine.IncompatibleCommandLogException;
import io.tributary.sql.engine.KsqlEngine;
import io.tributary.sql.entity.CommandStatus;
import io.tributary.sql.entity.KsqlEntity;
import io.tributary.sql.entity.KsqlEntityList;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ksqlDB's {@code POST /ksql} and {@code GET /status/...}. Like ksqlDB's old API handlers, answers are always sent
 * as {@code application/json}, whichever of its two media types the client asked for.
 */
@RestController
class KsqlResource {

    private final KsqlEngine engine;
    private final CommandLog commandLog;
    private final CommandSequenceWait sequenceWait;
    private final CommandExecutor commands;
    private final JsonMapper json;

    KsqlResource(KsqlEngine engine, CommandLog commandLog, CommandSequenceWait sequenceWait, CommandExecutor commands,
            JsonMapper json) {
        this.engine = engine;
        this.commandLog = commandLog;
        this.sequenceWait = sequenceWait;
        this.commands = commands;
        this.json = json;
    }

    @PostMapping(path = "/ksql",
            consumes = {KsqlMediaTypes.KSQL_V1_JSON, MediaType.APPLICATION_JSON_VALUE},
            produces = {KsqlMediaTypes.KSQL_V1_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<Object> ksql(@RequestBody KsqlRequest request) {
        if (request.ksql() == null) {
            throw new ApiException(400, new ErrorEnvelope(40000, "\"ksql\" field must be given")
                    .with("@type", "generic_error"));
        }
        sequenceWait.awaitApplied(request.commandSequenceNumber());
        List<KsqlEntity> entities = engine.execute(request.ksql(), request.streamsProperties(),
                request.sessionVariables());
        Object body = commands.incompatibleCommand().isPresent() ? withDegradedWarning(entities)
                : new KsqlEntityList(entities);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /** The entities with ksqlDB's warning, added to each, that the server is DEGRADED by an incompatible command. */
    private ArrayNode withDegradedWarning(List<KsqlEntity> entities) {
        ArrayNode tree = (ArrayNode) json.valueToTree(new KsqlEntityList(entities));
        for (JsonNode entity : tree) {
            JsonNode warnings = entity.get("warnings");
            ArrayNode list = warnings instanceof ArrayNode a ? a : ((ObjectNode) entity).putArray("warnings");
            list.addObject().put("message", IncompatibleCommandLogException.WARNING);
        }
        return tree;
    }

    /**
     * {@code POST /ksql/terminate}: ksqlDB's {@code TERMINATE CLUSTER}. The body ({@code {"deleteTopicList":[...]}})
     * is optional.
     */
    @PostMapping(path = "/ksql/terminate", produces = {KsqlMediaTypes.KSQL_V1_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<List<KsqlEntity>> terminate(@RequestBody(required = false) TerminateClusterRequest request) {
        List<String> patterns = request == null || request.deleteTopicList() == null
                ? List.of() : request.deleteTopicList();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(List.of(engine.terminateCluster(patterns)));
    }

    /** The body of {@code POST /ksql/terminate}: the patterns of the topics to delete with their sources. */
    record TerminateClusterRequest(List<String> deleteTopicList) {
    }

    /** {@code GET /status}: every command id and its status. */
    @GetMapping(path = "/status", produces = {KsqlMediaTypes.KSQL_V1_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<java.util.Map<String, String>> statuses() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(commandLog.statuses(knownBefore()));
    }

    /**
     * The commands this server knows end before the one a newer release wrote (DEGRADED): it never executed that one
     * or any after it, so it knows none of their outcomes, as a ksqlDB server that never read them would not.
     */
    private long knownBefore() {
        return commands.incompatibleCommand().map(LoggedCommand::sequenceNumber).orElse(Long.MAX_VALUE);
    }

    /** {@code GET /status/{type}/{entity}/{action}}: the status of a command, by its id. */
    @GetMapping(path = "/status/**", produces = {KsqlMediaTypes.KSQL_V1_JSON, MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<CommandStatus> status(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String commandId = URLDecoder.decode(path.substring("/status/".length()), StandardCharsets.UTF_8);
        return commandLog.latest(commandId, knownBefore())
                .map(c -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                        .body(new CommandStatus(c.status(), c.message(), c.queryId())))
                .orElseThrow(() -> new ApiException(404, new ErrorEnvelope(40400, "Command not found")
                        .with("@type", "generic_error")));
    }
}
