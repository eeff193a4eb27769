package io.tributary.session.sessions;

import io.tributary.session.engine.EngineConnector;
import io.tributary.session.engine.EngineConnector.EngineTarget;
import io.tributary.session.engine.EngineProperties;
import io.tributary.session.errors.KyuubiException;
import io.tributary.session.events.EventStore;
import io.tributary.session.secrets.Secrets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import io.tributary.session.server.ServerInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/** The live sessions of this server, each with its engine connection; their history goes to the {@link EventStore}. */
@Service
public class SessionManager {


    private final Map<UUID, EngineSession> sessions = new ConcurrentHashMap<>();
    private final EngineConnector connector;
    private final EventStore events;
    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

    private final EngineProperties properties;
    private final ServerInstance instance;

    public SessionManager(EngineConnector connector, EventStore events, EngineProperties properties,
            ServerInstance instance) {
        this.connector = connector;
        this.events = events;
        this.properties = properties;
        this.instance = instance;
    }

    /** Sessions a killed run of this instance left open end when found, so their history stops saying endTime 0. */
    @EventListener(ApplicationReadyEvent.class)
    void endAbandonedSessions() {
        int ended = events.closeAbandonedSessions(instance.instance(), System.currentTimeMillis());
        if (ended > 0) {
            log.warn("Recorded the end of {} sessions a previous run of {} left open", ended, instance.instance());
        }
    }

    /** Opens the engine connection the configs choose; a disallowed engine or a refused login fails here. */
    public EngineSession open(String user, String ipAddr, Map<String, String> configs, String kyuubiInstance) {
        Map<String, String> given = configs == null ? Map.of() : configs;
        EngineTarget target = connector.resolve(given);
        Connection connection = connector.open(target);
        EngineSession session = new EngineSession(UUID.randomUUID(), user, ipAddr, redact(given), target.url(),
                kyuubiInstance, connection, properties.sessionBusyTimeout());
        sessions.put(session.id(), session);
        events.session(EventStore.SESSION_OPENED, KyuubiSessionEvent.of(session, kyuubiInstance));
        return session;
    }

    /** A live session, or 404 as Kyuubi answers for unknown and closed handles. */
    public EngineSession get(String handle) {
        EngineSession session = sessions.get(parse(handle));
        if (session == null) {
            throw KyuubiException.notFound("Invalid SessionHandle " + handle);
        }
        session.touch();
        return session;
    }

    public Collection<EngineSession> live() {
        return sessions.values();
    }

    public List<SessionData> list() {
        return sessions.values().stream()
                .sorted(Comparator.comparingLong(EngineSession::createTime))
                .map(SessionData::of)
                .toList();
    }

    public List<SessionData> list(java.util.Set<String> users) {
        return list().stream().filter(data -> users.isEmpty() || users.contains(data.user())).toList();
    }

    /**
     * The engines (one per live session) of a user; {@code type}, {@code sharelevel} and {@code subdomain} filter
     * when given, as {@code GET /admin/engine} does. Only {@code JDBC} engines at {@code CONNECTION} level exist here.
     */
    public List<EngineSession> engines(String user, String type, String sharelevel, String subdomain) {
        if (type != null && !EngineData.ENGINE_TYPE.equalsIgnoreCase(type)
                || sharelevel != null && !EngineData.SHARE_LEVEL.equalsIgnoreCase(sharelevel)) {
            return List.of();
        }
        return sessions.values().stream()
                .filter(session -> session.user().equals(user))
                .filter(session -> subdomain == null || session.id().toString().equals(subdomain))
                .sorted(Comparator.comparingLong(EngineSession::createTime))
                .toList();
    }

    public List<EngineData> engineData(List<EngineSession> engines, String version) {
        return engines.stream().map(session -> EngineData.of(session, version)).toList();
    }

    public int count() {
        return sessions.size();
    }

    /** The session's event: live, or the last one recorded when it is closed (even before a restart). */
    public KyuubiSessionEvent event(String handle) {
        UUID id = parse(handle);
        EngineSession session = sessions.get(id);
        if (session != null) {
            return KyuubiSessionEvent.of(session, session.kyuubiInstance());
        }
        return events.lastSessionEvent(id)
                .orElseThrow(() -> KyuubiException.notFound("Invalid SessionHandle " + handle));
    }

    /** Hive's GetInfo, answered from the engine's {@link DatabaseMetaData}. */
    public InfoDetail info(String handle, String infoType) {
        EngineSession session = get(handle);
        SessionInfoType type = SessionInfoType.of(infoType);
        session.acquire("get " + type.name());
        try {
            return new InfoDetail(type.name(), type.value(session.connection().getMetaData()));
        } catch (SQLException e) {
            throw new KyuubiException(KyuubiException.Reason.UNAVAILABLE,
                    "Error getting " + type.name() + " from the engine: " + e.getMessage(), e);
        } finally {
            session.lock().unlock();
        }
    }

    /**
     * Takes a session off the live ones as its close begins, so a second close (or a new operation) finds it gone;
     * false when it was no longer live.
     */
    public boolean detach(EngineSession session) {
        if (sessions.remove(session.id()) == null) {
            return false;
        }
        session.closing();
        return true;
    }

    /** Closes a detached session's engine connection and records the end; the caller has closed the operations. */
    public void end(EngineSession session) {
        session.close();
        events.session(EventStore.SESSION_CLOSED, KyuubiSessionEvent.of(session, session.kyuubiInstance()));
    }

    public static UUID parse(String handle) {
        try {
            return UUID.fromString(handle);
        } catch (IllegalArgumentException e) {
            throw KyuubiException.notFound("Invalid SessionHandle " + handle);
        }
    }

    private static Map<String, String> redact(Map<String, String> configs) {
        Map<String, String> shown = new LinkedHashMap<>();
        configs.forEach((key, value) -> shown.put(key, Secrets.looksSecret(key) ? Secrets.REDACTED : value));
        return shown;
    }
}
