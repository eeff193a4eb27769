package io.tributary.session.web;

import io.tributary.common.errors.ApiException;
import io.tributary.session.batches.BatchManager;
import io.tributary.session.errors.KyuubiException;
import io.tributary.session.operations.OperationData;
import io.tributary.session.operations.OperationManager;
import io.tributary.session.server.ConnectionDenyList;
import io.tributary.session.server.KyuubiServerProperties;
import io.tributary.session.server.ServerData;
import io.tributary.session.server.ServerInstance;
import io.tributary.session.sessions.EngineData;
import io.tributary.session.sessions.EngineSession;
import io.tributary.session.sessions.SessionData;
import io.tributary.session.sessions.SessionManager;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Kyuubi's admin resource, for the configured administrators only (403 for anyone else): live sessions and
 * operations across users, closing them, a user's engines (each session's JDBC connection), batch counts, this
 * server, and the {@code refresh/*} calls: {@code deny_users} and {@code deny_ips} reload the deny lists, the
 * others have nothing to reload here and answer as Kyuubi does.
 */
@RestController
@RequestMapping(path = "/api/v1/admin", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminController {

    private final SessionManager sessions;
    private final OperationManager operations;
    private final KyuubiServerProperties properties;
    private final ServerInstance instance;
    private final BatchManager batches;
    private final ConnectionDenyList denyList;

    AdminController(SessionManager sessions, OperationManager operations, KyuubiServerProperties properties,
            ServerInstance instance, BatchManager batches, ConnectionDenyList denyList) {
        this.sessions = sessions;
        this.operations = operations;
        this.properties = properties;
        this.instance = instance;
        this.batches = batches;
        this.denyList = denyList;
    }

    /** Kyuubi's {@code Count}: batches of a type ({@code SPARK} by default, as Kyuubi), user and state. */
    @GetMapping("/batch/count")
    Count countBatches(@RequestParam(defaultValue = "SPARK") String batchType,
            @RequestParam(required = false) String batchUser, @RequestParam(required = false) String batchState,
            HttpServletRequest http) {
        requireAdmin(http, "count the batches");
        String type = BatchesController.blankToNull(batchType);
        return new Count(batches.count(type == null ? "SPARK" : type, BatchesController.blankToNull(batchUser),
                BatchesController.state(batchState)));
    }

    /** The engines of a user (the proxy user given, else the administrator): one per live session. */
    @GetMapping("/engine")
    List<EngineData> engines(@RequestParam(required = false) String type,
            @RequestParam(required = false) String sharelevel, @RequestParam(required = false) String subdomain,
            @RequestParam(required = false) String proxyUser,
            @RequestParam(name = "hive.server2.proxy.user", required = false) String hs2ProxyUser,
            HttpServletRequest http) {
        String admin = requireAdmin(http, "list engines");
        return sessions.engineData(matching(admin, type, sharelevel, subdomain, proxyUser, hs2ProxyUser),
                properties.reportedVersion());
    }

    /** Closes the matching engines: each one's session, its operations and its JDBC connection. */
    @DeleteMapping("/engine")
    String deleteEngines(@RequestParam(required = false) String type,
            @RequestParam(required = false) String sharelevel, @RequestParam(required = false) String subdomain,
            @RequestParam(required = false) String proxyUser,
            @RequestParam(name = "hive.server2.proxy.user", required = false) String hs2ProxyUser,
            HttpServletRequest http) {
        String admin = requireAdmin(http, "delete engines");
        List<EngineSession> engines = matching(admin, type, sharelevel, subdomain, proxyUser, hs2ProxyUser);
        List<EngineData> described = sessions.engineData(engines, properties.reportedVersion());
        if (engines.isEmpty()) {
            throw KyuubiException.notFound("No engine of user " + user(admin, proxyUser, hs2ProxyUser)
                    + " matches type=" + type + ", sharelevel=" + sharelevel + ", subdomain=" + subdomain);
        }
        engines.forEach(engine -> operations.closeSession(engine.id().toString()));
        return described.stream()
                .map(engine -> "Engine " + engine.namespace() + " refId=" + engine.subdomain()
                        + " is deleted successfully.")
                .collect(Collectors.joining("\n"));
    }

    private List<EngineSession> matching(String admin, String type, String sharelevel, String subdomain,
            String proxyUser, String hs2ProxyUser) {
        return sessions.engines(user(admin, proxyUser, hs2ProxyUser), BatchesController.blankToNull(type),
                BatchesController.blankToNull(sharelevel), BatchesController.blankToNull(subdomain));
    }

    private static String user(String admin, String proxyUser, String hs2ProxyUser) {
        String proxy = BatchesController.blankToNull(proxyUser);
        if (proxy == null) {
            proxy = BatchesController.blankToNull(hs2ProxyUser);
        }
        return proxy == null ? admin : proxy;
    }

    @GetMapping("/sessions")
    List<SessionData> sessions(@RequestParam(required = false) String users,
            @RequestParam(required = false) String sessionType, HttpServletRequest http) {
        requireAdmin(http, "list sessions");
        return interactive(sessionType) ? sessions.list(users(users)) : List.of();
    }

    @DeleteMapping("/sessions/{sessionHandle}")
    String closeSession(@PathVariable String sessionHandle, HttpServletRequest http) {
        requireAdmin(http, "close the session " + sessionHandle);
        operations.closeSession(sessionHandle);
        return "Session " + sessionHandle + " is closed successfully.";
    }

    @GetMapping("/operations")
    List<OperationData> operations(@RequestParam(required = false) String users,
            @RequestParam(required = false) String sessionHandle, @RequestParam(required = false) String sessionType,
            HttpServletRequest http) {
        requireAdmin(http, "list operations");
        return interactive(sessionType) ? operations.listAll(users(users), sessionHandle) : List.of();
    }

    /**
     * Whether a {@code sessionType} filter (as kyuubi-rest-client's admin listings send it) admits this service's
     * sessions, which are all INTERACTIVE: batches here are no sessions, so {@code BATCH} lists none.
     */
    private static boolean interactive(String sessionType) {
        String type = BatchesController.blankToNull(sessionType);
        if (type == null || type.equalsIgnoreCase("INTERACTIVE")) {
            return true;
        }
        if (type.equalsIgnoreCase("BATCH")) {
            return false;
        }
        throw KyuubiException.invalid("Invalid sessionType " + sessionType + ": expected INTERACTIVE or BATCH");
    }

    @DeleteMapping("/operations/{operationHandle}")
    String closeOperation(@PathVariable String operationHandle, HttpServletRequest http) {
        requireAdmin(http, "close the operation " + operationHandle);
        operations.closeOperation(operationHandle);
        return "Operation " + operationHandle + " is closed successfully.";
    }

    @GetMapping("/server")
    List<ServerData> server(HttpServletRequest http) {
        requireAdmin(http, "list servers");
        String hostPort = instance.instance();
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 0 : Integer.parseInt(hostPort.substring(colon + 1));
        return List.of(new ServerData(hostPort, "", hostPort, host, port,
                Map.of("kyuubi.server.version", properties.reportedVersion()), "RUNNING"));
    }

    @PostMapping("/refresh/{what}")
    String refresh(@PathVariable String what, HttpServletRequest http) {
        requireAdmin(http, "refresh the " + what);
        return switch (what) {
            case "hadoop_conf" -> "Refresh the hadoop conf successfully.";
            case "user_defaults_conf" -> "Refresh the user defaults conf successfully.";
            case "kubernetes_conf" -> "Refresh the kubernetes conf successfully.";
            case "unlimited_users" -> "Refresh the unlimited users successfully.";
            case "deny_users" -> {
                denyList.refreshUsers();
                yield "Refresh the deny users successfully.";
            }
            case "deny_ips" -> {
                denyList.refreshIps();
                yield "Refresh the deny ips successfully.";
            }
            default -> throw ApiException.of(404, "HTTP 404 Not Found");
        };
    }

    private String requireAdmin(HttpServletRequest http, String what) {
        String user = ClientIdentity.user(http);
        if (!properties.administrators().contains(user)) {
            throw ApiException.of(403, user + " is not allowed to " + what);
        }
        return user;
    }

    /** Kyuubi's {@code Count} DTO. */
    record Count(int count) {
    }

    private static Set<String> users(String users) {
        if (users == null || users.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(users.split(",")).map(String::trim).filter(u -> !u.isEmpty())
                .collect(Collectors.toSet());
    }
}
