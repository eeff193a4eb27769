package io.tributary.session.server;

import io.tributary.session.errors.KyuubiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Kyuubi's {@code kyuubi.server.limit.connections.user.deny.list} and {@code ...ip.deny.list} (comma-separated):
 * users and client addresses that may not open sessions. As in Kyuubi, {@code POST /admin/refresh/deny_users} and
 * {@code deny_ips} reload them: from {@code kyuubi.server.defaults-file} (a {@code kyuubi-defaults.conf}, lines of
 * {@code key value} or {@code key=value}) when configured, which overrides the service's own configuration.
 */
@Component
public class ConnectionDenyList {

    public static final String DENY_USERS = "kyuubi.server.limit.connections.user.deny.list";
    public static final String DENY_IPS = "kyuubi.server.limit.connections.ip.deny.list";
    static final String DEFAULTS_FILE = "kyuubi.server.defaults-file";

    private final Environment environment;
    private volatile Set<String> users;
    private volatile Set<String> ips;

    public ConnectionDenyList(Environment environment) {
        this.environment = environment;
        refreshUsers();
        refreshIps();
    }

    public final void refreshUsers() {
        users = list(DENY_USERS);
    }

    public final void refreshIps() {
        ips = list(DENY_IPS);
    }

    /** Refuses a session to a denied user or address, with Kyuubi's message. */
    public void check(String user, String ipAddress) {
        if (users.contains(user)) {
            throw KyuubiException.forbidden(
                    "Connection denied because the user is in the deny user list. (user: " + user + ")");
        }
        if (ipAddress != null && ips.contains(ipAddress)) {
            throw KyuubiException.forbidden(
                    "Connection denied because the client ip is in the deny ip list. (ipAddress: " + ipAddress + ")");
        }
    }

    private Set<String> list(String key) {
        String value = defaultsFile().getOrDefault(key, environment.getProperty(key, ""));
        return Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private Map<String, String> defaultsFile() {
        String location = environment.getProperty(DEFAULTS_FILE, "");
        if (location.isBlank() || !Files.isRegularFile(Path.of(location))) {
            return Map.of();
        }
        try {
            Map<String, String> values = new HashMap<>();
            List<String> lines = Files.readAllLines(Path.of(location));
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int cut = indexOfSeparator(line);
                if (cut > 0) {
                    values.put(line.substring(0, cut).strip(), line.substring(cut + 1).strip());
                } else {
                    values.put(line, "");
                }
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + location, e);
        }
    }

    private static int indexOfSeparator(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '=' || Character.isWhitespace(c)) {
                return i;
            }
        }
        return -1;
    }
}
