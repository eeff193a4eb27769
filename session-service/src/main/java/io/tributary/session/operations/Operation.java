package io.tributary.session.operations;

import io.tributary.session.errors.KyuubiException;
import io.tributary.session.errors.KyuubiException.Reason;
import io.tributary.session.events.ThrowableInfo;
import io.tributary.session.sessions.EngineSession;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One operation of a session and its result. The result stays on the engine as an open cursor and is read a page
 * at a time, so the server holds at most one page per fetch; rewinding (FETCH_FIRST, FETCH_PRIOR, an earlier
 * {@code offset}) runs the source again and skips to the row asked for, which only sources without side effects
 * allow. Everything touching the connection runs under the session's lock.
 */
public final class Operation {

    private static final int MAX_LOG_LINES = 10_000;

    private final UUID id = UUID.randomUUID();
    private final EngineSession session;
    private final OperationType type;
    private final String statementText;
    private final boolean runAsync;
    private final ResultSource source;
    private final boolean rewindable;
    private final long createTime = System.currentTimeMillis();
    private final List<String> log = new ArrayList<>();
    private final Consumer<Operation> onStateChange;

    private volatile OperationState state = OperationState.INITIALIZED_STATE;
    private volatile long startTime;
    private volatile long completeTime;
    private volatile String error;
    private volatile Statement running;
    private volatile Future<?> task;
    private volatile long lastAccessTime = createTime;

    // guarded by the session lock
    private Statement owner;
    private ResultSet cursor;
    private volatile List<ColumnDesc> columns;
    private List<HiveType> types;
    private Long updateCount;
    private long position;
    private long lastFetchStart;
    private int fetchSize;
    private boolean exhausted;
    // guarded by log
    private int logPosition;

    Operation(EngineSession session, OperationType type, String statementText, boolean runAsync,
            ResultSource source, boolean rewindable, Consumer<Operation> onStateChange) {
        this.session = session;
        this.onStateChange = onStateChange;
        this.type = type;
        this.statementText = statementText;
        this.runAsync = runAsync;
        this.source = source;
        this.rewindable = rewindable;
    }

    public UUID id() {
        return id;
    }

    public EngineSession session() {
        return session;
    }

    public OperationType type() {
        return type;
    }

    public OperationState state() {
        return state;
    }

    long lastAccessTime() {
        return lastAccessTime;
    }

    void touch() {
        lastAccessTime = System.currentTimeMillis();
        session.touch();
    }

    void task(Future<?> task) {
        this.task = task;
    }

    Future<?> task() {
        return task;
    }

    /** Moves to {@code next} unless already terminal (a cancel or timeout wins over the running thread). */
    synchronized boolean transition(OperationState next) {
        if (state.isTerminal() && next != OperationState.CLOSED_STATE) {
            return false;
        }
        if (state == OperationState.CLOSED_STATE) {
            return false;
        }
        state = next;
        long now = System.currentTimeMillis();
        if (next == OperationState.RUNNING_STATE) {
            startTime = now;
        } else if (next.isTerminal() && completeTime == 0) {
            completeTime = now;
        }
        appendLog("Query[" + id + "] in " + next);
        onStateChange.accept(this);
        return true;
    }

    synchronized boolean fail(OperationState next, String message) {
        if (state.isTerminal()) {
            return false;
        }
        error = message;
        appendLog(message);
        return transition(next);
    }

    /** Runs the source on the session's connection; called by the executor (or inline for metadata). */
    void run() {
        session.lock().lock();
        try {
            if (!transition(OperationState.RUNNING_STATE)) {
                return;
            }
            session.runningOperation(id.toString());
            if (type == OperationType.EXECUTE_STATEMENT) {
                // results closed before this statement are freed first, as an inline close would have: else their
                // cursors would still count and this statement's work stay uncommitted after it reports FINISHED
                session.freePending(ResultCloser.ENGINE_CALL_TIMEOUT);
            }
            Connection connection = session.connection();
            Savepoint savepoint = session.supportsSavepoints() && !connection.getAutoCommit()
                    ? connection.setSavepoint() : null;
            try {
                ResultSource.Outcome outcome = source.open(connection, statement -> {
                    running = statement;
                    // a cancel or close that came before the statement was known could not stop it
                    if (state.isTerminal()) {
                        throw new IllegalStateException("Operation " + id + " was " + state + " before it started");
                    }
                });
                logWarnings(outcome.statement());
                release(connection, savepoint);
                if (outcome.resultSet() != null) {
                    attach(outcome);
                } else {
                    updateCount = outcome.updateCount();
                    columns = List.of(new ColumnDesc("result", HiveType.INT.typeName, 0, 10, 0, ""));
                    types = List.of(HiveType.INT);
                    appendLog("Statement updated " + updateCount + " row(s)");
                    session.commitIfNoCursor();
                }
                running = null;
                if (!transition(OperationState.FINISHED_STATE)) {
                    closeCursor();
                }
            } catch (SQLException | RuntimeException e) {
                running = null;
                rollback(connection, savepoint);
                fail(OperationState.ERROR_STATE, engineMessage(e));
            }
        } catch (SQLException e) {
            fail(OperationState.ERROR_STATE, engineMessage(e));
        } finally {
            session.lock().unlock();
        }
    }

    private void attach(ResultSource.Outcome outcome) throws SQLException {
        owner = outcome.statement();
        cursor = outcome.resultSet();
        fetchSize = cursor.getFetchSize();
        position = 0;
        exhausted = false;
        session.cursorOpened();
        if (columns == null) {
            java.sql.ResultSetMetaData meta = cursor.getMetaData();
            List<ColumnDesc> described = new ArrayList<>();
            List<HiveType> hive = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                HiveType t = HiveType.of(meta.getColumnType(i));
                hive.add(t);
                described.add(new ColumnDesc(meta.getColumnLabel(i), t.typeName, i - 1, meta.getPrecision(i),
                        meta.getScale(i), ""));
            }
            columns = List.copyOf(described);
            types = List.copyOf(hive);
        }
    }

    /** Asks the engine to stop; the state changes at once, the running thread rolls its work back. */
    void cancel(OperationState why, String message) {
        boolean changed = message == null ? transition(why) : fail(why, message);
        stop(changed);
    }

    /** Drops a queued run, and asks the engine to stop a running statement. */
    private void stop(boolean dropQueued) {
        Future<?> pending = task;
        if (pending != null && dropQueued) {
            pending.cancel(false);
        }
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                appendLog("Cancel request to the engine failed: " + e.getMessage());
            }
        }
    }

    /**
     * Closes the operation at once ({@code CLOSED_STATE}, as Kyuubi's close): a queued run is dropped and a running
     * statement is cancelled on the engine. Closing never waits for the engine: the result is freed by {@code later},
     * off the caller's thread and under a network timeout, once the session's connection is free. Even with the
     * connection free, freeing can wait on the engine (the commit after the last cursor closes runs deferred
     * constraint checks, which may wait for another session's lock), and a close request must not wait with it. The
     * session's next statement frees it first if {@code later} has not yet.
     */
    void close(ResultCloser later) {
        transition(OperationState.CLOSED_STATE);
        stop(true);
        session.freeLater(this::closeCursor);
        later.closeLater(session);
    }

    /** The result's columns, known once the operation finished (published by the state change). */
    public ResultSetMetaData metadata() {
        requireFinished();
        return new ResultSetMetaData(columns);
    }

    /**
     * The next page: from the cursor's position ({@code FETCH_NEXT}), from the start ({@code FETCH_FIRST}), the page
     * before the last one ({@code FETCH_PRIOR}), or from {@code offset} when given (the same offset answers the
     * same page, so a retried request loses nothing).
     */
    public ResultRowSet fetch(FetchOrientation orientation, int maxRows, Long offset) {
        requireFinished();
        session.acquire("fetch the result of operation " + id);
        try {
            session.touch();
            long start = switch (orientation) {
                case FETCH_NEXT -> position;
                case FETCH_FIRST -> 0;
                case FETCH_PRIOR -> Math.max(0, lastFetchStart - maxRows);
                // Kyuubi's JDBC engine validates against {NEXT, PRIOR, FIRST}; its REST resource answers 404
                case FETCH_LAST, FETCH_RELATIVE, FETCH_ABSOLUTE -> throw KyuubiException.notFound(
                        "Error getting result row set: The fetch type " + orientation
                                + " is not supported for this resultset");
            };
            if (offset != null) {
                start = offset;
            }
            List<ResultRowSet.Row> rows = updateCount != null ? updateCountRows(start, maxRows) : read(start, maxRows);
            lastFetchStart = start;
            return new ResultRowSet(rows, rows.size());
        } catch (SQLException e) {
            throw new KyuubiException(Reason.UNAVAILABLE, "Error fetching the result of operation " + id + ": "
                    + engineMessage(e), e);
        } finally {
            session.lock().unlock();
        }
    }

    private List<ResultRowSet.Row> updateCountRows(long start, int maxRows) {
        if (start >= 1 || maxRows <= 0) {
            position = Math.max(position, start);
            return List.of();
        }
        position = 1;
        return List.of(new ResultRowSet.Row(List.of(new ResultRowSet.Field(HiveType.INT.valueKind,
                (int) Math.min(Integer.MAX_VALUE, updateCount)))));
    }

    private List<ResultRowSet.Row> read(long start, int maxRows) throws SQLException {
        if (start < position) {
            rewind();
        }
        while (position < start && !exhausted) {
            if (cursor.next()) {
                position++;
            } else {
                finishCursor();
            }
        }
        List<ResultRowSet.Row> rows = new ArrayList<>(Math.min(maxRows, 1024));
        if (cursor != null && maxRows > fetchSize) {
            // a page larger than the driver's batch is fetched in one round trip; smaller pages share one batch
            fetchSize = Math.min(maxRows, 10_000);
            cursor.setFetchSize(fetchSize);
        }
        while (rows.size() < maxRows && !exhausted) {
            if (!cursor.next()) {
                finishCursor();
                break;
            }
            position++;
            List<ResultRowSet.Field> fields = new ArrayList<>(types.size());
            for (int i = 0; i < types.size(); i++) {
                HiveType t = types.get(i);
                fields.add(new ResultRowSet.Field(t.valueKind, t.read(cursor, i + 1)));
            }
            rows.add(new ResultRowSet.Row(fields));
        }
        return rows;
    }

    private void rewind() throws SQLException {
        if (!rewindable) {
            throw KyuubiException.invalid("Operation " + id + " cannot be read again from an earlier row: "
                    + "its statement is not a query, and running it again could change data");
        }
        closeCursor();
        Connection connection = session.connection();
        ResultSource.Outcome outcome = source.open(connection, statement -> { });
        if (outcome.resultSet() == null) {
            throw KyuubiException.invalid("Operation " + id + " no longer returns rows");
        }
        attach(outcome);
    }

    private void finishCursor() {
        exhausted = true;
        closeCursor();
    }

    private void closeCursor() {
        if (cursor == null) {
            return;
        }
        try {
            cursor.close();
            if (owner != null) {
                owner.close();
            }
        } catch (SQLException e) {
            appendLog("Closing the result failed: " + e.getMessage());
        }
        cursor = null;
        owner = null;
        session.cursorClosed();
    }

    /** Log lines from the operation's log cursor, from the start ({@code FETCH_FIRST}) or from {@code offset}. */
    public OperationLog log(FetchOrientation orientation, int maxRows, Long offset) {
        if (orientation == FetchOrientation.FETCH_PRIOR) {
            throw KyuubiException.invalid("FETCH_PRIOR is not supported for operation logs");
        }
        if (orientation != FetchOrientation.FETCH_NEXT && orientation != FetchOrientation.FETCH_FIRST) {
            throw KyuubiException.notFound("Unsupported fetch orientation " + orientation);
        }
        synchronized (log) {
            int from = offset != null ? (int) Math.min(offset, log.size())
                    : orientation == FetchOrientation.FETCH_FIRST ? 0 : logPosition;
            int to = (int) Math.min(log.size(), (long) from + Math.max(0, maxRows));
            List<String> lines = List.copyOf(log.subList(from, to));
            logPosition = to;
            return new OperationLog(lines, lines.size());
        }
    }

    void appendLog(String line) {
        synchronized (log) {
            if (log.size() < MAX_LOG_LINES) {
                log.add(line);
            }
        }
    }

    private void logWarnings(Statement statement) {
        if (statement == null) {
            return;
        }
        try {
            for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                appendLog(w.getMessage());
            }
        } catch (SQLException ignored) {
            // warnings are a courtesy
        }
    }

    private void requireFinished() {
        OperationState current = state;
        if (current != OperationState.FINISHED_STATE) {
            throw new KyuubiException(Reason.CONFLICT, "Operation " + id + " has no result to read: expected state "
                    + OperationState.FINISHED_STATE + ", but found " + current
                    + (error == null ? "" : " (" + error + ")"));
        }
    }

    public KyuubiOperationEvent event() {
        return new KyuubiOperationEvent(id.toString(), id.toString(), statementText, runAsync, state.name(),
                System.currentTimeMillis(), createTime, startTime, completeTime, ThrowableInfo.of(error),
                session.id().toString(), session.user(), "INTERACTIVE", session.kyuubiInstance(), Map.of());
    }

    private static void release(Connection connection, Savepoint savepoint) {
        if (savepoint == null) {
            return;
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException ignored) {
            // the savepoint goes away with the transaction anyway
        }
    }

    private void rollback(Connection connection, Savepoint savepoint) {
        try {
            if (savepoint != null) {
                connection.rollback(savepoint);
                session.commitIfNoCursor();
            } else if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            appendLog("Rolling back after the failure failed: " + e.getMessage());
        }
    }

    private String engineMessage(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String what = "Error operating " + type + ": ";
        if (e instanceof SQLException sql && sql.getSQLState() != null) {
            return what + message + " (SQLState " + sql.getSQLState() + ")";
        }
        return what + message;
    }
}
