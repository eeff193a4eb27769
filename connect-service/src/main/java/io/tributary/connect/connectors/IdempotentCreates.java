package io.tributary.connect.connectors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.connect.runtime.TargetState;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creations that carried an {@code Idempotency-Key}: the request's fingerprint and the connector it created, so
 * a repeated request answers what the first one did, and another request under a used key is refused.
 */
@Repository
class IdempotentCreates {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    IdempotentCreates(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The stored answer for this key, if the same request was made before; a 422 if another was. */
    Optional<ConnectorInfo> replay(String key, String fingerprint) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT request_hash, response::text AS response FROM connector_create_request WHERE idempotency_key = ?",
                key);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        if (!fingerprint.equals(rows.get(0).get("request_hash"))) {
            throw new IdempotencyKeyReusedException("Idempotency-Key " + key
                    + " was already used for a different request; use a new key for a new request");
        }
        return Optional.of(json.readValue((String) rows.get(0).get("response"), ConnectorInfo.class));
    }

    void remember(String key, String fingerprint, ConnectorInfo created) {
        jdbc.update("INSERT INTO connector_create_request (idempotency_key, request_hash, connector, response)"
                        + " VALUES (?, ?, ?, ?::jsonb) ON CONFLICT (idempotency_key) DO NOTHING",
                key, fingerprint, created.name(), json.writeValueAsString(created));
    }

    /** A fingerprint of what was asked: the name, the configuration (in key order) and the initial state. */
    String fingerprint(String name, Map<String, String> config, TargetState initialState) {
        String canonical = json.writeValueAsString(List.of(name, new TreeMap<>(config),
                initialState == null ? "" : initialState.name()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
