package io.tributary.session.operations;

import io.tributary.session.engine.EngineProperties;
import io.tributary.session.errors.KyuubiException;
import io.tributary.session.errors.KyuubiException.Reason;
import io.tributary.session.events.EventStore;
import io.tributary.session.sessions.EngineSession;
import io.tributary.session.sessions.SessionManager;
import jakarta.annotation.PreDestroy;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Creates, runs, reads and closes operations. Statements run on a bounded executor (a full one refuses new work
 * rather than queueing without limit), with a server-side timeout per statement; metadata calls run at once.
 */
@Service
public class OperationManager {

    /** Statements that only read, so running them again to rewind a result is harmless. */
    static final String QUERY_TIMEOUT_CONF = "kyuubi.operation.query.timeout";
    private static final Pattern QUERY = Pattern.compile(
            "^\\s*(?:(?:--[^\\n]*\\n|/\\*.*?\\*/)\\s*)*(select|with|values|table|show|explain)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OperationManager.class);

    private final Map<UUID, Operation> operations = new ConcurrentHashMap<>();
    // one executor task per session at most: a session's statements wait in its queue, not on its lock in the pool
    private final Map<UUID, SessionQueue> queues = new ConcurrentHashMap<>();
    private final SessionManager sessions;
    private final EventStore events;
    private final EngineProperties properties;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService timer;
    // apart from the timer: closing an idle session may wait a moment for its connection, never a statement's timeout
    private final ScheduledExecutorService reaper;
    // frees the results of operations closed while their session's connection was busy
    private final ResultCloser closer;

    public OperationManager(SessionManager sessions, EventStore events, EngineProperties properties) {
        this.sessions = sessions;
        this.events = events;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(properties.execPoolSize(), properties.execPoolSize(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, properties.execPoolQueueSize())), runnable -> {
                    Thread thread = new Thread(runnable, "kyuubi-exec-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.pool.allowCoreThreadTimeOut(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kyuubi-timer");
            thread.setDaemon(true);
            return thread;
        });
        long idleCheck = Math.max(1000, Math.min(60_000, Math.min(properties.sessionIdleTimeout().toMillis(),
                properties.operationIdleTimeout().toMillis()) / 2));
        this.reaper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kyuubi-idle-reaper");
            thread.setDaemon(true);
            return thread;
        });
        this.closer = new ResultCloser(2);
        reaper.scheduleWithFixedDelay(this::closeIdle, idleCheck, idleCheck, TimeUnit.MILLISECONDS);
    }

    /** {@code runAsync=false} waits for the statement to end; either way the handle is returned, even on failure. */
    public Operation executeStatement(String sessionHandle, String statement, boolean runAsync, Long queryTimeout,
            Map<String, String> confOverlay) {
        EngineSession session = sessions.get(sessionHandle);
        if (statement == null || statement.isBlank()) {
            throw KyuubiException.invalid("statement is required");
        }
        if (queryTimeout != null && queryTimeout < 0) {
            throw KyuubiException.invalid("queryTimeout must not be negative, got " + queryTimeout);
        }
        long timeoutMillis = timeoutMillis(queryTimeout, confOverlay);
        StatementConf conf = StatementConf.of(session.conf(), confOverlay, properties.fetchSize());
        Operation operation = register(session, OperationType.EXECUTE_STATEMENT, statement, runAsync,
                ResultSource.statement(statement, conf.fetchSize(), conf.maxRows()),
                QUERY.matcher(statement).find());
        operation.appendLog("Processing " + session.user() + "'s query[" + operation.id() + "]: statement: "
                + statement + (confOverlay == null || confOverlay.isEmpty() ? "" : ", confOverlay: " + confOverlay));
        conf.notes().forEach(operation::appendLog);
        operation.transition(OperationState.PENDING_STATE);
        java.util.concurrent.FutureTask<Void> task = new java.util.concurrent.FutureTask<>(
                () -> runWithTimeout(operation, timeoutMillis), null);
        operation.task(task);
        enqueue(session, operation, task);
        if (!runAsync) {
            awaitQuietly(task);
        }
        return operation;
    }

    /** Queues the statement on its session's connection, unless the session began closing since it registered. */
    void enqueue(EngineSession session, Operation operation, java.util.concurrent.FutureTask<Void> task) {
        SessionQueue queue = queues.computeIfAbsent(session.id(), id -> new SessionQueue());
        // a close marks the session closing before it removes its queue: a queue created after that would leak
        if (session.isClosing()) {
            queues.remove(session.id(), queue);
            task.cancel(false);
            close(operation);
            throw KyuubiException.notFound("Invalid SessionHandle " + session.id());
        }
        queue.offer(operation, task);
    }

    /** Whether statements of the session are queued or may be (its queue is kept). */
    boolean hasQueue(UUID sessionId) {
        return queues.containsKey(sessionId);
    }

    public Operation typeInfo(String session) {
        return metadata(session, OperationType.GET_TYPE_INFO, "GetTypeInfo", DatabaseMetaData::getTypeInfo);
    }

    public Operation catalogs(String session) {
        return metadata(session, OperationType.GET_CATALOGS, "GetCatalogs", DatabaseMetaData::getCatalogs);
    }

    public Operation tableTypes(String session) {
        return metadata(session, OperationType.GET_TABLE_TYPES, "GetTableTypes", DatabaseMetaData::getTableTypes);
    }

    public Operation schemas(String session, String catalog, String schemaPattern) {
        return metadata(session, OperationType.GET_SCHEMAS, "GetSchemas(" + catalog + ", " + schemaPattern + ")",
                meta -> meta.getSchemas(catalog, schemaPattern));
    }

    public Operation tables(String session, String catalog, String schemaPattern, String tablePattern,
            List<String> tableTypes) {
        String[] types = tableTypes == null || tableTypes.isEmpty() ? null : tableTypes.toArray(String[]::new);
        return metadata(session, OperationType.GET_TABLES, "GetTables(" + catalog + ", " + schemaPattern + ", "
                + tablePattern + ", " + tableTypes + ")", meta -> meta.getTables(catalog, schemaPattern, tablePattern,
                types));
    }

    public Operation columns(String session, String catalog, String schemaPattern, String tablePattern,
            String columnPattern) {
        return metadata(session, OperationType.GET_COLUMNS, "GetColumns(" + catalog + ", " + schemaPattern + ", "
                + tablePattern + ", " + columnPattern + ")",
                meta -> meta.getColumns(catalog, schemaPattern, tablePattern, columnPattern));
    }

    public Operation functions(String session, String catalog, String schemaPattern, String functionPattern) {
        return metadata(session, OperationType.GET_FUNCTIONS, "GetFunctions(" + catalog + ", " + schemaPattern
                + ", " + functionPattern + ")", meta -> meta.getFunctions(catalog, schemaPattern, functionPattern));
    }

    public Operation primaryKeys(String session, String catalog, String schema, String table) {
        if (table == null || table.isBlank()) {
            throw KyuubiException.invalid("tableName is required");
        }
        return metadata(session, OperationType.GET_PRIMARY_KEYS, "GetPrimaryKeys(" + catalog + ", " + schema + ", "
                + table + ")", meta -> meta.getPrimaryKeys(catalog, schema, table));
    }

    public Operation crossReference(String session, String primaryCatalog, String primarySchema, String primaryTable,
            String foreignCatalog, String foreignSchema, String foreignTable) {
        return metadata(session, OperationType.GET_CROSS_REFERENCE, "GetCrossReference(" + primaryCatalog + ", "
                + primarySchema + ", " + primaryTable + ", " + foreignCatalog + ", " + foreignSchema + ", "
                + foreignTable + ")", meta -> meta.getCrossReference(primaryCatalog, primarySchema, primaryTable,
                foreignCatalog, foreignSchema, foreignTable));
    }

    /** A {@code DatabaseMetaData} call, run at once; its result is read like a statement's. */
    private Operation metadata(String sessionHandle, OperationType type, String description,
            ResultSource.MetadataCall call) {
        EngineSession session = sessions.get(sessionHandle);
        session.acquire("run " + description);
        try {
            Operation operation = register(session, type, description, false, ResultSource.metadata(call), true);
            operation.transition(OperationState.PENDING_STATE);
            operation.run();
            return operation;
        } finally {
            session.lock().unlock();
        }
    }

    public Operation get(String handle) {
        Operation operation = operations.get(parse(handle));
        if (operation == null) {
            throw KyuubiException.notFound("Invalid OperationHandle " + handle);
        }
        operation.touch();
        return operation;
    }

    public KyuubiOperationEvent event(String handle) {
        return get(handle).event();
    }

    /** {@code cancel} stops a pending or running operation; {@code close} also forgets it. */
    public void apply(String handle, String action) {
        Operation operation = get(handle);
        String verb = action == null ? "" : action.trim().toLowerCase(java.util.Locale.ROOT);
        switch (verb) {
            case "cancel" -> operation.cancel(OperationState.CANCELED_STATE, null);
            case "close" -> close(operation);
            default -> throw KyuubiException.notFound("Invalid action " + action + ": expected cancel or close");
        }
    }

    public ResultSetMetaData resultSetMetadata(String handle) {
        return get(handle).metadata();
    }

    public ResultRowSet rowSet(String handle, FetchOrientation orientation, int maxRows, Long offset) {
        return get(handle).fetch(orientation, maxRows, offset);
    }

    public OperationLog log(String handle, FetchOrientation orientation, int maxRows, Long offset) {
        return get(handle).log(orientation, maxRows, offset);
    }

    /** A live session's operations, or a closed session's from its recorded history. */
    public List<OperationData> list(String sessionHandle) {
        UUID id = SessionManager.parse(sessionHandle);
        boolean live = sessions.live().stream().anyMatch(s -> s.id().equals(id));
        if (live) {
            EngineSession session = sessions.get(sessionHandle);
            List<Operation> ofSession = new ArrayList<>();
            for (UUID op : session.operations()) {
                Operation operation = operations.get(op);
                if (operation != null) {
                    ofSession.add(operation);
                }
            }
            return ofSession.stream().map(Operation::event)
                    .sorted(Comparator.comparingLong(KyuubiOperationEvent::createTime))
                    .map(OperationData::of).toList();
        }
        sessions.event(sessionHandle);
        return events.lastOperationEvents(id).stream().map(OperationData::of).toList();
    }

    /** Every live operation, optionally only those of some users or of one session (the admin resource). */
    public List<OperationData> listAll(java.util.Set<String> users, String sessionHandle) {
        UUID session = sessionHandle == null ? null : SessionManager.parse(sessionHandle);
        return operations.values().stream()
                .filter(op -> users.isEmpty() || users.contains(op.session().user()))
                .filter(op -> session == null || op.session().id().equals(session))
                .map(Operation::event)
                .sorted(Comparator.comparingLong(KyuubiOperationEvent::createTime))
                .map(OperationData::of).toList();
    }

    public void closeOperation(String handle) {
        close(get(handle));
    }

    /** Closes the session's operations, then the session and its engine connection; answers promptly. */
    public void closeSession(String sessionHandle) {
        closeSession(sessions.get(sessionHandle));
    }

    public ExecPoolStatistic statistic() {
        return new ExecPoolStatistic(pool.getPoolSize(), pool.getActiveCount());
    }

    @PreDestroy
    void shutdown() {
        // every session's statements are cancelled before any connection is waited for
        List<EngineSession> closing = List.copyOf(sessions.live()).stream().filter(sessions::detach).toList();
        closing.forEach(this::closeOperations);
        closing.forEach(sessions::end);
        pool.shutdownNow();
        timer.shutdownNow();
        reaper.shutdownNow();
        closer.shutdown();
    }

    /**
     * Closes the session's operations without waiting for its connection (queued statements dropped, running ones
     * cancelled on the engine), then the connection. Kyuubi's close answers promptly however busy the session is.
     */
    private void closeSession(EngineSession session) {
        if (!sessions.detach(session)) {
            return;
        }
        closeOperations(session);
        sessions.end(session);
    }

    private void closeOperations(EngineSession session) {
        queues.remove(session.id());
        for (UUID id : List.copyOf(session.operations())) {
            Operation operation = operations.get(id);
            if (operation != null) {
                close(operation);
            }
        }
    }

    private void close(Operation operation) {
        operation.close(closer);
        operations.remove(operation.id());
        operation.session().operations().remove(operation.id());
    }

    private Operation register(EngineSession session, OperationType type, String statement, boolean runAsync,
            ResultSource source, boolean rewindable) {
        Operation operation = new Operation(session, type, statement, runAsync, source, rewindable,
                changed -> events.operation(changed.event()));
        operations.put(operation.id(), operation);
        session.addOperation(operation.id());
        if (session.isClosing()) {
            close(operation);
            throw KyuubiException.notFound("Invalid SessionHandle " + session.id());
        }
        events.operation(operation.event());
        return operation;
    }

    /**
     * The statement's timeout in milliseconds, 0 for none: the smaller of the request's {@code queryTimeout}
     * (seconds) and a {@code kyuubi.operation.query.timeout} in its {@code confOverlay} (milliseconds, or an
     * ISO-8601 duration such as {@code PT5S}; at least 1s, as Kyuubi checks), as Kyuubi picks between them.
     * The other keys are {@link StatementConf}'s.
     */
    static long timeoutMillis(Long queryTimeout, Map<String, String> confOverlay) {
        long requested = queryTimeout == null ? 0 : TimeUnit.SECONDS.toMillis(queryTimeout);
        String overlay = confOverlay == null ? null : confOverlay.get(QUERY_TIMEOUT_CONF);
        if (overlay == null || overlay.isBlank()) {
            return requested;
        }
        long configured;
        try {
            String value = overlay.trim();
            configured = value.chars().allMatch(Character::isDigit) ? Long.parseLong(value)
                    : java.time.Duration.parse(value).toMillis();
        } catch (RuntimeException e) {
            throw KyuubiException.invalid("Invalid " + QUERY_TIMEOUT_CONF + " in confOverlay: '" + overlay
                    + "' (milliseconds or an ISO-8601 duration such as PT30S)");
        }
        if (configured < 1000) {
            throw KyuubiException.invalid(QUERY_TIMEOUT_CONF + " must >= 1s if set, got '" + overlay + "'");
        }
        return requested > 0 ? Math.min(requested, configured) : configured;
    }

    private void runWithTimeout(Operation operation, long timeoutMillis) {
        ScheduledFuture<?> timeout = null;
        if (timeoutMillis > 0) {
            String shown = timeoutMillis % 1000 == 0 ? timeoutMillis / 1000 + " s" : timeoutMillis + " ms";
            timeout = timer.schedule(() -> operation.cancel(OperationState.TIMEDOUT_STATE,
                    "Timeout(" + shown + ") operating " + operation.type()), timeoutMillis, TimeUnit.MILLISECONDS);
        }
        try {
            operation.run();
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    private void closeIdle() {
        try {
            closeIdleOperationsAndSessions();
        } catch (RuntimeException e) {
            // a failed round must not end the schedule
            log.warn("Closing idle operations and sessions failed: {}", e.getMessage(), e);
        }
    }

    private void closeIdleOperationsAndSessions() {
        long now = System.currentTimeMillis();
        long operationIdle = properties.operationIdleTimeout().toMillis();
        for (Operation operation : List.copyOf(operations.values())) {
            if (operation.state().isTerminal() && now - operation.lastAccessTime() > operationIdle) {
                close(operation);
            }
        }
        long idle = properties.sessionIdleTimeout().toMillis();
        for (EngineSession session : List.copyOf(sessions.live())) {
            boolean busy = session.operations().stream().map(operations::get)
                    .anyMatch(op -> op != null && !op.state().isTerminal());
            if (!busy && now - session.lastAccessTime() > idle) {
                closeSession(session);
            }
        }
    }

    /**
     * The statements of one session, run one after the other by a single executor task. Statements queued behind a
     * long one on the same connection would otherwise each hold an executor thread waiting for its lock, and a few
     * busy sessions would starve everyone else's statements.
     */
    private final class SessionQueue implements Runnable {

        private record Queued(Operation operation, java.util.concurrent.FutureTask<Void> task) {
        }

        private final java.util.ArrayDeque<Queued> waiting = new java.util.ArrayDeque<>();
        private boolean scheduled;

        void offer(Operation operation, java.util.concurrent.FutureTask<Void> task) {
            synchronized (this) {
                if (waiting.size() >= Math.max(1, properties.execPoolQueueSize())) {
                    refuse(List.of(new Queued(operation, task)), waiting.size() + " statements are waiting for "
                            + "this session's connection");
                }
                waiting.add(new Queued(operation, task));
                if (scheduled) {
                    return;
                }
                scheduled = true;
            }
            try {
                pool.execute(this);
            } catch (RejectedExecutionException e) {
                List<Queued> stranded;
                synchronized (this) {
                    stranded = List.copyOf(waiting);
                    waiting.clear();
                    scheduled = false;
                }
                refuse(stranded, pool.getQueue().size() + " sessions are waiting for the executor");
            }
        }

        private void refuse(List<Queued> refused, String why) {
            for (Queued queued : refused) {
                queued.operation().fail(OperationState.ERROR_STATE, "The server is busy: " + why);
                queued.task().cancel(false);
            }
            throw new KyuubiException(Reason.UNAVAILABLE, "The server is busy: too many statements are waiting; "
                    + "try again later");
        }

        @Override
        public void run() {
            while (true) {
                Queued next;
                synchronized (this) {
                    next = waiting.poll();
                    if (next == null) {
                        scheduled = false;
                        return;
                    }
                }
                Thread.interrupted();
                next.task().run();
            }
        }
    }

    private static void awaitQuietly(Future<?> task) {
        try {
            task.get();
        } catch (CancellationException | ExecutionException e) {
            // the operation's state and event carry the outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static UUID parse(String handle) {
        try {
            return UUID.fromString(handle);
        } catch (IllegalArgumentException e) {
            throw KyuubiException.notFound("Invalid OperationHandle " + handle);
        }
    }
}
