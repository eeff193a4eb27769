package io.tributary.session.engine;

import io.tributary.session.errors.KyuubiException;
import io.tributary.session.errors.KyuubiException.Reason;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Opens a session's engine connection the way Kyuubi's JDBC engine chooses it: {@code kyuubi.engine.type=JDBC} and
 * {@code kyuubi.engine.jdbc.connection.url|user|password}, falling back to the server's default engine.
 */
@Component
public class EngineConnector {

    public static final String ENGINE_TYPE = "kyuubi.engine.type";
    public static final String URL = "kyuubi.engine.jdbc.connection.url";
    public static final String USER = "kyuubi.engine.jdbc.connection.user";
    public static final String PASSWORD = "kyuubi.engine.jdbc.connection.password";
    public static final String PROVIDER = "kyuubi.engine.jdbc.connection.provider";

    private final EngineProperties properties;
    private final String serviceUser;

    public EngineConnector(EngineProperties properties,
            @Value("${spring.datasource.username:}") String serviceUser) {
        this.properties = properties;
        this.serviceUser = serviceUser;
    }

    /**
     * The engine a session's configs choose, checked against what this server allows. The service's own database
     * role is never an engine user: it would hand clients the service's metadata.
     */
    public EngineTarget resolve(Map<String, String> configs) {
        EngineTarget target = choose(configs);
        if (target.user() != null && !serviceUser.isBlank() && target.user().equalsIgnoreCase(serviceUser)
                && configs.containsKey(USER)) {
            throw KyuubiException.invalid("The engine user " + target.user()
                    + " is this server's own database role; choose another " + USER);
        }
        return target;
    }

    private EngineTarget choose(Map<String, String> configs) {
        String type = configs.getOrDefault(ENGINE_TYPE, "JDBC").trim();
        boolean typeAllowed = properties.allowedTypes().stream().anyMatch(t -> t.equalsIgnoreCase(type));
        if (!typeAllowed) {
            throw KyuubiException.invalid("Engine type " + type + " is not supported by this server; "
                    + ENGINE_TYPE + " may be one of " + properties.allowedTypes());
        }
        EngineProperties.Jdbc jdbc = properties.jdbc();
        String url = configs.get(URL);
        if (url == null || url.isBlank()) {
            return new EngineTarget(jdbc.url(), configs.getOrDefault(USER, jdbc.user()),
                    configs.containsKey(USER) ? configs.get(PASSWORD) : configs.getOrDefault(PASSWORD, jdbc.password()));
        }
        String lower = url.trim().toLowerCase(Locale.ROOT);
        boolean urlAllowed = jdbc.allowedUrlPrefixes().stream()
                .anyMatch(prefix -> lower.startsWith(prefix.toLowerCase(Locale.ROOT)));
        if (!urlAllowed) {
            throw KyuubiException.invalid("Engine URL " + redactUrl(url) + " is not allowed by this server; "
                    + URL + " must start with one of " + jdbc.allowedUrlPrefixes());
        }
        if (url.trim().equals(jdbc.url())) {
            return new EngineTarget(jdbc.url(), configs.getOrDefault(USER, jdbc.user()),
                    configs.containsKey(USER) ? configs.get(PASSWORD) : configs.getOrDefault(PASSWORD, jdbc.password()));
        }
        // the server's own engine credentials only ever go to the server's own engine URL
        return new EngineTarget(url.trim(), configs.get(USER), configs.get(PASSWORD));
    }

    /** Opens a connection in manual-commit mode, so results can be read through a cursor page by page. */
    public Connection open(EngineTarget target) {
        Driver driver;
        try {
            driver = DriverManager.getDriver(target.url());
        } catch (SQLException e) {
            throw KyuubiException.invalid("No JDBC driver on this server accepts " + redactUrl(target.url()));
        }
        Properties info = new Properties();
        if (target.user() != null) {
            info.setProperty("user", target.user());
        }
        if (target.password() != null) {
            info.setProperty("password", target.password());
        }
        try {
            Connection connection = driver.connect(target.url(), info);
            if (connection == null) {
                throw KyuubiException.invalid("No JDBC driver on this server accepts " + redactUrl(target.url()));
            }
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            // invalid authorization (28) and unknown database (3D) are the client's configs; others are the engine's
            Reason reason = state.startsWith("28") || state.startsWith("3D") ? Reason.INVALID : Reason.UNAVAILABLE;
            throw new KyuubiException(reason, "Failed to open the engine connection to " + redactUrl(target.url())
                    + ": " + e.getMessage(), e);
        }
    }

    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1*****");
    }

    /** Where a session's engine is and who it connects as. */
    public record EngineTarget(String url, String user, String password) {
    }
}
