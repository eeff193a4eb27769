package io.tributary.session.web;

import io.tributary.common.errors.ApiException;
import io.tributary.session.operations.OperationData;
import io.tributary.session.operations.OperationManager;
import io.tributary.session.server.KyuubiServerProperties;
import io.tributary.session.server.ServerData;
import io.tributary.session.server.ServerInstance;
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
 * operations across users, closing them, this server, and the {@code refresh/*} calls (nothing to reload here:
 * they answer as Kyuubi does).
 */
@RestController
@RequestMapping(path = "/api/v1/admin", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminController {

    private final SessionManager sessions;
    private final OperationManager operations;
    private final KyuubiServerProperties properties;
    private final ServerInstance instance;

    AdminController(SessionManager sessions, OperationManager operations, KyuubiServerProperties properties,
            ServerInstance instance) {
        this.sessions = sessions;
        this.operations = operations;
        this.properties = properties;
        this.instance = instance;
    }

    @GetMapping("/sessions")
    List<SessionData> sessions(@RequestParam(required = false) String users, HttpServletRequest http) {
        requireAdmin(http, "list sessions");
        return sessions.list(users(users));
    }

    @DeleteMapping("/sessions/{sessionHandle}")
    String closeSession(@PathVariable String sessionHandle, HttpServletRequest http) {
        requireAdmin(http, "close the session " + sessionHandle);
        operations.closeSession(sessionHandle);
        return "Session " + sessionHandle + " is closed successfully.";
    }

    @GetMapping("/operations")
    List<OperationData> operations(@RequestParam(required = false) String users,
            @RequestParam(required = false) String sessionHandle, HttpServletRequest http) {
        requireAdmin(http, "list operations");
        return operations.listAll(users(users), sessionHandle);
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
            case "deny_users" -> "Refresh the deny users successfully.";
            case "deny_ips" -> "Refresh the deny ips successfully.";
            default -> throw ApiException.of(404, "HTTP 404 Not Found");
        };
    }

    private void requireAdmin(HttpServletRequest http, String what) {
        String user = ClientIdentity.user(http);
        if (!properties.administrators().contains(user)) {
            throw ApiException.of(403, user + " is not allowed to " + what);
        }
    }

    private static Set<String> users(String users) {
        if (users == null || users.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(users.split(",")).map(String::trim).filter(u -> !u.isEmpty())
                .collect(Collectors.toSet());
    }
}
