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

/**
 * Kyuubi's {@code JDBC} authentication: a login holds when {@code kyuubi.authentication.jdbc.query} returns a row.
 * The query is a {@code SELECT} whose {@code ${user}} and {@code ${password}} placeholders are bound as parameters
 * (never spliced into the SQL), e.g. {@code SELECT 1 FROM users WHERE name = ${user} AND pass = MD5(${password})}.
 */
final class JdbcPasswdAuthenticationProvider implements PasswdAuthenticationProvider, AutoCloseable {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(user|password)}");

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
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new AuthenticationException(
                            "Password does not match or no such user. user: " + user);
                }
            }
        } catch (SQLException e) {
            throw new AuthenticationException("Error validating the login of " + user
                    + ": the authentication database failed (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
