package io.tributary.connect.history;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code connector_config_change} table: every configuration change, in the order it happened. */
@Repository
public class ConfigChangeHistory {

    private static final TypeReference<Map<String, String>> CONFIG = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public ConfigChangeHistory(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void record(String connector, String action, String changedBy, Map<String, String> before,
            Map<String, String> after, Object detail) {
        jdbc.update("INSERT INTO connector_config_change (connector, action, config_before, config, detail, changed_by)"
                        + " VALUES (?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?)",
                connector, action, toJson(before), toJson(after), toJson(detail), changedBy);
    }

    public List<ConfigChange> of(String connector) {
        return jdbc.query("SELECT id, connector, action, changed_by, changed_at, config_before, config, detail"
                + " FROM connector_config_change WHERE connector = ? ORDER BY id", this::row, connector);
    }

    private ConfigChange row(ResultSet rs, int n) throws SQLException {
        String detail = rs.getString("detail");
        return new ConfigChange(rs.getLong("id"), rs.getString("connector"), rs.getString("action"),
                rs.getString("changed_by"), rs.getTimestamp("changed_at").toInstant(),
                config(rs.getString("config_before")), config(rs.getString("config")),
                detail == null ? null : json.readValue(detail, Object.class));
    }

    private Map<String, String> config(String text) {
        return text == null ? null : json.readValue(text, CONFIG);
    }

    private String toJson(Object value) {
        return value == null ? null : json.writeValueAsString(value);
    }
}
