package io.tributary.sql.queryservice;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/**
 * Deferred and async requests in PostgreSQL: status, results and metrics (JSON text), how many reads of the result
 * are left and when the handle expires. Expired handles answer as unknown ones and are deleted in the background.
 * Immediate requests with a client context id have a row while they run (no handle points at it), so that a
 * cancel on any instance finds them.
 */
@Repository
public class ResultStore {

    /** A stored request as a status or result handle sees it. */
    public record Stored(String status, String results, String metrics, String errors) {
    }

    private final JdbcClient jdbc;

    public ResultStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String handle, String requestId, String clientContextId, String status, int reads,
            Duration ttl) {
        jdbc.sql("INSERT INTO query_service_result (handle, request_id, client_context_id, status, reads_left,"
                        + " expires_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(handle, requestId, clientContextId, status, reads, Timestamp.from(Instant.now().plus(ttl)))
                .update();
    }

    public void complete(String handle, String status, String results, String metrics, String errors) {
        jdbc.sql("UPDATE query_service_result SET status = ?, results = ?, metrics = ?, errors = ? WHERE handle = ?")
                .params(status, results, metrics, errors, handle)
                .update();
    }

    /** The request's status; a running one whose instance stopped touching it for {@code stale} is lost. */
    public Optional<Stored> status(String handle, Duration stale) {
        return jdbc.sql("SELECT status, heartbeat_at < ? AS lost, metrics, errors FROM query_service_result"
                        + " WHERE handle = ? AND expires_at > now()")
                .params(Timestamp.from(Instant.now().minus(stale)), handle)
                .query((rs, n) -> "running".equals(rs.getString(1)) && rs.getBoolean(2)
                        ? new Stored("lost", null, rs.getString(3), rs.getString(4))
                        : new Stored(rs.getString(1), null, rs.getString(3), rs.getString(4)))
                .optional();
    }

    /**
     * Touches the running requests of this instance and answers those another instance asked to cancel.
     */
    public List<String> heartbeat(Collection<String> handles) {
        if (handles.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("UPDATE query_service_result SET heartbeat_at = now() WHERE status = 'running'"
                        + " AND handle = ANY (?) RETURNING handle, cancel_requested")
                .param(handles.toArray(new String[0]))
                .query((rs, n) -> rs.getBoolean(2) ? rs.getString(1) : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Asks whichever instance runs them to cancel the running requests with this id; how many there were. A
     * request whose instance has not touched it for {@code stale} is gone and not counted.
     */
    public int requestCancel(String clientContextId, Duration stale) {
        return jdbc.sql("UPDATE query_service_result SET cancel_requested = true WHERE client_context_id = ?"
                        + " AND status = 'running' AND expires_at > now() AND heartbeat_at >= ?")
                .params(clientContextId, Timestamp.from(Instant.now().minus(stale)))
                .update();
    }

    /** Forgets a row: an immediate request listed while it ran. */
    public void delete(String handle) {
        jdbc.sql("DELETE FROM query_service_result WHERE handle = ?").param(handle).update();
    }

    /** The results of a successful request, counting one read; empty when unknown, expired or read up. */
    public Optional<Stored> read(String handle) {
        return jdbc.sql("UPDATE query_service_result SET reads_left = reads_left - 1 WHERE handle = ?"
                        + " AND status = 'success' AND reads_left > 0 AND expires_at > now()"
                        + " RETURNING status, results, metrics, errors")
                .param(handle)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    @Scheduled(fixedDelayString = "${queryservice.expiry-check-interval:60s}")
    public void deleteExpired() {
        jdbc.sql("DELETE FROM query_service_result WHERE expires_at <= now()").update();
    }
}
