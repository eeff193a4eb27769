package io.tributary.session.web;

import io.tributary.session.operations.ExecPoolStatistic;
import io.tributary.session.operations.Operation;
import io.tributary.session.operations.OperationData;
import io.tributary.session.operations.OperationManager;
import io.tributary.session.server.ConnectionDenyList;
import io.tributary.session.server.ServerInstance;
import io.tributary.session.sessions.EngineSession;
import io.tributary.session.sessions.InfoDetail;
import io.tributary.session.sessions.KyuubiSessionEvent;
import io.tributary.session.sessions.SessionData;
import io.tributary.session.sessions.SessionHandle;
import io.tributary.session.sessions.SessionManager;
import io.tributary.session.web.Requests.GetColumnsRequest;
import io.tributary.session.web.Requests.GetCrossReferenceRequest;
import io.tributary.session.web.Requests.GetFunctionsRequest;
import io.tributary.session.web.Requests.GetPrimaryKeysRequest;
import io.tributary.session.web.Requests.GetSchemasRequest;
import io.tributary.session.web.Requests.GetTablesRequest;
import io.tributary.session.web.Requests.SessionOpenRequest;
import io.tributary.session.web.Requests.StatementRequest;
import io.tributary.session.web.Responses.OperationHandle;
import io.tributary.session.web.Responses.SessionOpenCount;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Kyuubi's session resource: sessions, their info, and the operations created under them. */
@RestController
@RequestMapping(path = "/api/v1/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
class SessionsController {

    private final SessionManager sessions;
    private final OperationManager operations;
    private final ServerInstance instance;
    private final ConnectionDenyList denyList;
    private final Ownership ownership;

    SessionsController(SessionManager sessions, OperationManager operations, ServerInstance instance,
            ConnectionDenyList denyList, Ownership ownership) {
        this.ownership = ownership;
        this.sessions = sessions;
        this.operations = operations;
        this.instance = instance;
        this.denyList = denyList;
    }

    @GetMapping
    List<SessionData> list() {
        return sessions.list();
    }

    @GetMapping("/count")
    SessionOpenCount count() {
        return new SessionOpenCount(sessions.count());
    }

    @GetMapping("/execPool/statistic")
    ExecPoolStatistic execPoolStatistic() {
        return operations.statistic();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    SessionHandle open(@RequestBody SessionOpenRequest request, HttpServletRequest http) {
        String user = ClientIdentity.user(http);
        denyList.check(user, http.getRemoteAddr());
        EngineSession session = sessions.open(user, http.getRemoteAddr(), request.configs(), instance.instance());
        return new SessionHandle(session.id().toString(), session.kyuubiInstance());
    }

    @GetMapping("/{sessionHandle}")
    KyuubiSessionEvent event(@PathVariable String sessionHandle) {
        return sessions.event(sessionHandle);
    }

    @GetMapping("/{sessionHandle}/info/{infoType}")
    InfoDetail info(@PathVariable String sessionHandle, @PathVariable String infoType) {
        return sessions.info(sessionHandle, infoType);
    }

    @DeleteMapping("/{sessionHandle}")
    void close(@PathVariable String sessionHandle, HttpServletRequest http) {
        ownership.requireOwner(http, sessions.get(sessionHandle).user());
        operations.closeSession(sessionHandle);
    }

    @GetMapping("/{sessionHandle}/operations")
    List<OperationData> operations(@PathVariable String sessionHandle) {
        return operations.list(sessionHandle);
    }

    @PostMapping(path = "/{sessionHandle}/operations/statement", consumes = MediaType.APPLICATION_JSON_VALUE)
    OperationHandle statement(@PathVariable String sessionHandle, @RequestBody StatementRequest request) {
        return handle(operations.executeStatement(sessionHandle, request.statement(),
                Boolean.TRUE.equals(request.runAsync()), request.queryTimeout(), request.confOverlay()));
    }

    @PostMapping("/{sessionHandle}/operations/typeInfo")
    OperationHandle typeInfo(@PathVariable String sessionHandle) {
        return handle(operations.typeInfo(sessionHandle));
    }

    @PostMapping("/{sessionHandle}/operations/catalogs")
    OperationHandle catalogs(@PathVariable String sessionHandle) {
        return handle(operations.catalogs(sessionHandle));
    }

    @PostMapping("/{sessionHandle}/operations/tableTypes")
    OperationHandle tableTypes(@PathVariable String sessionHandle) {
        return handle(operations.tableTypes(sessionHandle));
    }

    @PostMapping("/{sessionHandle}/operations/schemas")
    OperationHandle schemas(@PathVariable String sessionHandle,
            @RequestBody(required = false) GetSchemasRequest request) {
        GetSchemasRequest r = request == null ? new GetSchemasRequest(null, null) : request;
        return handle(operations.schemas(sessionHandle, r.catalogName(), r.schemaName()));
    }

    @PostMapping("/{sessionHandle}/operations/tables")
    OperationHandle tables(@PathVariable String sessionHandle,
            @RequestBody(required = false) GetTablesRequest request) {
        GetTablesRequest r = request == null ? new GetTablesRequest(null, null, null, null) : request;
        List<String> types = r.tableTypes() == null ? null : r.tableTypes().stream()
                .flatMap(t -> java.util.Arrays.stream(t.split(",")))
                .map(String::trim).filter(t -> !t.isEmpty()).toList();
        return handle(operations.tables(sessionHandle, r.catalogName(), r.schemaName(), r.tableName(), types));
    }

    @PostMapping("/{sessionHandle}/operations/columns")
    OperationHandle columns(@PathVariable String sessionHandle,
            @RequestBody(required = false) GetColumnsRequest request) {
        GetColumnsRequest r = request == null ? new GetColumnsRequest(null, null, null, null) : request;
        return handle(operations.columns(sessionHandle, r.catalogName(), r.schemaName(), r.tableName(),
                r.columnName()));
    }

    @PostMapping("/{sessionHandle}/operations/functions")
    OperationHandle functions(@PathVariable String sessionHandle,
            @RequestBody(required = false) GetFunctionsRequest request) {
        GetFunctionsRequest r = request == null ? new GetFunctionsRequest(null, null, null) : request;
        return handle(operations.functions(sessionHandle, r.catalogName(), r.schemaName(), r.functionName()));
    }

    @PostMapping("/{sessionHandle}/operations/primaryKeys")
    OperationHandle primaryKeys(@PathVariable String sessionHandle,
            @RequestBody(required = false) GetPrimaryKeysRequest request) {
        GetPrimaryKeysRequest r = request == null ? new GetPrimaryKeysRequest(null, null, null) : request;
        return handle(operations.primaryKeys(sessionHandle, r.catalogName(), r.schemaName(), r.tableName()));
    }

    @PostMapping("/{sessionHandle}/operations/crossReference")
    OperationHandle crossReference(@PathVariable String sessionHandle,
            @RequestBody(required = false) GetCrossReferenceRequest request) {
        GetCrossReferenceRequest r = request == null
                ? new GetCrossReferenceRequest(null, null, null, null, null, null) : request;
        return handle(operations.crossReference(sessionHandle, r.primaryCatalog(), r.primarySchema(),
                r.primaryTable(), r.foreignCatalog(), r.foreignSchema(), r.foreignTable()));
    }

    private static OperationHandle handle(Operation operation) {
        return new OperationHandle(operation.id().toString());
    }
}
