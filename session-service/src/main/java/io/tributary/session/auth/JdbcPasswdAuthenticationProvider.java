package io.tributary.session.auth;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kyuubi's {@code JDBC} authentication: a login holds when {@code kyuubi.authentication.jdbc.query} returns a row.
 * The query is a {@code SELECT} whose {@code ${user}} and {@code ${password}} placeholders are bound as parameters
 * (never spliced into the SQL), e.g. {@code SELECT 1 FROM users WHERE name = ${user} AND pass = MD5(${password})}.
 * Any other placeholder is refused at startup, as Kyuubi does. A failing authentication database is logged, and the
 * client only told Kyuubi's "Cannot get user info": its error text names hosts, tables and roles.
 */
final class JdbcPasswdAuthenticationProvider implements PasswdAuthenticationProvider, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JdbcPasswdAuthenticationProvider.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(user|password)}");
    private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");
    static final String CANNOT_GET_USER_INFO = "Cannot get user info";
    // a dead authentication database must not hold request threads for Hikari's default 30 s
    private static final long CONNECTION_TIMEOUT_MS = 3000;
    private static final int QUERY_TIMEOUT_SECONDS = 5;

    private final HikariDataSource dataSource;
    private final String sql;
    private final List<String> parameters;

    JdbcPasswdAuthenticationProvider(String url, String user, String password, String query) {
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("kyuubi.authentication=JDBC needs kyuubi.authentication.jdbc.url");
        }
        if (query == null || !query.strip().toLowerCase(Locale.ROOT).startsWith("select")) {
            throw new IllegalStateException("kyuubi.authentication.jdbc.query must be a SELECT statement, got: "
                    + query);
        }
        Matcher any = ANY_PLACEHOLDER.matcher(query);
        while (any.find()) {
            if (!PLACEHOLDER.matcher(any.group()).matches()) {
                throw new IllegalStateException("Unsupported placeholder in Query SQL: " + any.group()
                        + " (kyuubi.authentication.jdbc.query takes ${user} and ${password} only)");
            }
        }
        if (!query.contains("${user}")) {
            log.warn("kyuubi.authentication.jdbc.query does not contain the '${user}' placeholder");
        }
        if (!query.contains("${password}")) {
            log.warn("kyuubi.authentication.jdbc.query does not contain the '${password}' placeholder: "
                    + "any password is accepted for the users it returns");
        }
        List<String> names = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(query);
        StringBuilder bound = new StringBuilder();
        while (matcher.find()) {
            names.add(matcher.group(1));
            matcher.appendReplacement(bound, "?");
        }
        matcher.appendTail(bound);
        this.sql = bound.toString();
        this.parameters = List.copyOf(names);
        HikariConfig config = new HikariConfig();
        config.setPoolName("kyuubi-authentication");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(2);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(Math.min(2000, CONNECTION_TIMEOUT_MS));
        config.setReadOnly(true);
        this.dataSource = new HikariDataSource(config);
    }

    @Override
    public void authenticate(String user, String password) throws AuthenticationException {
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            throw new AuthenticationException("Error validating the login: user or password is blank");
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i).equals("user") ? user : password);
            }
            statement.setMaxRows(1);
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new AuthenticationException(
                            "Password does not match or no such user. user: " + user);
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.error("Cannot get user info of {} from the authentication database", user, e);
            throw new AuthenticationException("Error validating the login of " + user + ": "
                    + CANNOT_GET_USER_INFO, e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
