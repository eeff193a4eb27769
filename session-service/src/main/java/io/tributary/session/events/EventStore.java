package io.tributary.session.events;

import io.tributary.session.operations.KyuubiOperationEvent;
import io.tributary.session.sessions.KyuubiSessionEvent;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every session and operation event, kept in the service's schema ({@code session_event}) so a session's history
 * outlives the session and the server. Events are written in order by one background writer, off the request
 * path; reads wait for the writes queued before them. An event that cannot be written is logged, never failed to
 * the client, and a database that is gone at shutdown delays it by {@link #SHUTDOWN_GRACE} at most.
 */
@Component
public class EventStore {

    public static final String SESSION_OPENED = "SESSION_OPENED";
    public static final String SESSION_CLOSED = "SESSION_CLOSED";
    public static final String OPERATION = "OPERATION";

    private static final Logger log = LoggerFactory.getLogger(EventStore.class);

    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final EventPublisher publisher;
    private final ThreadPoolExecutor writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(50_000), runnable -> {
                Thread thread = new Thread(runnable, "kyuubi-event-writer");
                thread.setDaemon(true);
                return thread;
            });

    public EventStore(JdbcClient jdbc, JsonMapper json, EventPublisher publisher) {
        this.jdbc = jdbc;
        this.json = json;
        this.publisher = publisher;
    }

    @PreDestroy
    void drain() throws InterruptedException {
        writer.shutdown();
        if (!writer.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("{} session events were not recorded before shutdown", writer.shutdownNow().size());
        }
    }

    public void session(String eventType, KyuubiSessionEvent event) {
        write(UUID.fromString(event.sessionId()), eventType, event.user(), event);
    }

    public void operation(KyuubiOperationEvent event) {
        write(UUID.fromString(event.sessionId()), OPERATION, event.sessionUser(), event);
    }

    /**
     * Records the end of the sessions this instance ({@code serverIp}) left open when it stopped without closing
     * them (a kill): their end time is when this restarted instance found them. Returns how many.
     */
    public int closeAbandonedSessions(String instance, long foundAt) {
        awaitWrites();
        return jdbc.sql("""
                        INSERT INTO session_event (session_id, event_type, username, detail)
                        SELECT o.session_id, ?, o.username,
                               o.detail || jsonb_build_object('endTime', ?::bigint, 'eventTime', ?::bigint)
                        FROM session_event o
                        WHERE o.event_type = ? AND o.detail->>'serverIp' = ?
                          AND NOT EXISTS (SELECT 1 FROM session_event c
                                          WHERE c.session_id = o.session_id AND c.event_type = ?)""")
                .params(SESSION_CLOSED, foundAt, foundAt, SESSION_OPENED, instance, SESSION_CLOSED)
                .update();
    }

    /** The last recorded state of a session, live or long closed. */
    public Optional<KyuubiSessionEvent> lastSessionEvent(UUID sessionId) {
        awaitWrites();
        return jdbc.sql("""
                        SELECT detail::text FROM session_event
                        WHERE session_id = ? AND event_type IN (?, ?)
                        ORDER BY id DESC LIMIT 1""")
                .params(sessionId, SESSION_OPENED, SESSION_CLOSED)
                .query(String.class).optional()
                .map(text -> json.readValue(text, KyuubiSessionEvent.class));
    }

    /** The last recorded state of each operation of a session, oldest operation first. */
    public List<KyuubiOperationEvent> lastOperationEvents(UUID sessionId) {
        awaitWrites();
        return jdbc.sql("""
                        SELECT DISTINCT ON (detail->>'statementId') detail::text FROM session_event
                        WHERE session_id = ? AND event_type = ?
                        ORDER BY detail->>'statementId', id DESC""")
                .params(sessionId, OPERATION)
                .query(String.class).list().stream()
                .map(text -> json.readValue(text, KyuubiOperationEvent.class))
                .sorted(Comparator.comparingLong(KyuubiOperationEvent::createTime))
                .toList();
    }

    private void write(UUID sessionId, String eventType, String user, Object event) {
        String detail = json.writeValueAsString(event);
        publisher.publish(sessionId.toString(), OPERATION.equals(eventType) ? "kyuubi_operation" : "kyuubi_session",
                detail);
        try {
            writer.execute(() -> insert(sessionId, eventType, user, detail));
        } catch (RejectedExecutionException e) {
            log.warn("Dropped the {} event of session {}: the event writer is {}", eventType, sessionId,
                    writer.isShutdown() ? "stopped" : "full");
        }
    }

    private void insert(UUID sessionId, String eventType, String user, String detail) {
        try {
            jdbc.sql("INSERT INTO session_event (session_id, event_type, username, detail) VALUES (?, ?, ?, ?::jsonb)")
                    .params(sessionId, eventType, user, detail)
                    .update();
        } catch (RuntimeException e) {
            log.warn("Could not record {} event of session {}: {}", eventType, sessionId, e.getMessage());
        }
    }

    /** Reads see every event written before them. */
    private void awaitWrites() {
        try {
            writer.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
            // read what is there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
