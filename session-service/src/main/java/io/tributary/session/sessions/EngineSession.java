package io.tributary.session.sessions;

import java.sql.Connection;
import io.tributary.session.errors.KyuubiException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's session: one engine connection, used by one thread at a time (the {@link #lock()}), in manual-commit
 * mode so results are read through cursors. Work is committed as soon as no operation of the session holds an
 * open cursor (a commit would close those cursors).
 */
public final class EngineSession {

    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);
    // how long a closing session waits for its cancelled statements to give the connection back
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

    private final UUID id;
    private final String user;
    private final String ipAddr;
    private final Map<String, String> conf;
    private final String sessionName;
    private final String engineUrl;
    private final String engineName;
    private final String kyuubiInstance;
    private final long createTime;
    private final Connection connection;
    private final boolean savepoints;
    private final ReentrantLock lock = new ReentrantLock();
    private final Duration busyTimeout;
    private volatile String busyWith;
    private volatile long busySince;
    private final Set<UUID> operations = ConcurrentHashMap.newKeySet();
    private final AtomicInteger totalOperations = new AtomicInteger();
    private volatile long lastAccessTime;
    private volatile long endTime;
    private volatile boolean closing;
    private int openCursors;
    // frees of closed operations' results not run yet; each closes a cursor counted in openCursors
    private final Queue<Runnable> pendingFrees = new ConcurrentLinkedQueue<>();

    EngineSession(UUID id, String user, String ipAddr, Map<String, String> conf, String engineUrl,
            String kyuubiInstance, Connection connection, Duration busyTimeout) {
        this.id = id;
        this.busyTimeout = busyTimeout;
        this.user = user;
        this.ipAddr = ipAddr;
        this.conf = Map.copyOf(conf);
        this.sessionName = conf.getOrDefault("kyuubi.session.name", "");
        this.engineUrl = engineUrl;
        this.kyuubiInstance = kyuubiInstance;
        this.connection = connection;
        this.createTime = System.currentTimeMillis();
        this.lastAccessTime = createTime;
        this.engineName = productName(connection);
        this.savepoints = supportsSavepoints(connection);
    }

    public UUID id() {
        return id;
    }

    public String user() {
        return user;
    }

    public String ipAddr() {
        return ipAddr;
    }

    /** The session's configs as given, passwords redacted. */
    public Map<String, String> conf() {
        return conf;
    }

    public String sessionName() {
        return sessionName;
    }

    public String engineUrl() {
        return engineUrl;
    }

    public String engineName() {
        return engineName;
    }

    public String kyuubiInstance() {
        return kyuubiInstance;
    }

    public long createTime() {
        return createTime;
    }

    public long lastAccessTime() {
        return lastAccessTime;
    }

    public long endTime() {
        return endTime;
    }

    public void touch() {
        lastAccessTime = System.currentTimeMillis();
    }

    public ReentrantLock lock() {
        return lock;
    }

    /**
     * Takes the connection for a call from a client request, waiting at most the session's busy timeout: a long
     * statement of the session holds it meanwhile, and the request is then refused (503) rather than left hanging.
     */
    public void acquire(String what) {
        try {
            if (lock.tryLock(busyTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String holder = busyWith;
        throw new KyuubiException(KyuubiException.Reason.UNAVAILABLE, "Session " + id + " is busy"
                + (holder == null ? "" : ": operation " + holder + " has been running on its engine for "
                + Math.max(0, System.currentTimeMillis() - busySince) / 1000 + " s")
                + "; cannot " + what + " before it ends (waited " + busyTimeout.toMillis() + " ms). "
                + "Cancel that operation or try again later");
    }

    private boolean tryAcquire(Duration wait) {
        try {
            return lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Runs engine calls on a thread shared by every session: the driver gives up on a call the engine does not answer
     * within {@code timeout} (where it supports network timeouts), so a hung engine holds that thread no longer. Only
     * while holding {@link #lock()}.
     */
    public void withNetworkTimeout(Duration timeout, Runnable calls) {
        int previous = -1;
        try {
            previous = connection.getNetworkTimeout();
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            previous = -1;
        }
        try {
            calls.run();
        } finally {
            if (previous >= 0) {
                try {
                    connection.setNetworkTimeout(Runnable::run, previous);
                } catch (SQLException | RuntimeException e) {
                    // the connection broke meanwhile; its next user finds out
                }
            }
        }
    }

    /** Which operation runs on the connection now (named in busy errors); only while holding {@link #lock()}. */
    public void runningOperation(String operation) {
        busySince = System.currentTimeMillis();
        busyWith = operation;
    }

    /** The engine connection; only while holding {@link #lock()}. */
    public Connection connection() {
        return connection;
    }

    public boolean supportsSavepoints() {
        return savepoints;
    }

    public Set<UUID> operations() {
        return operations;
    }

    public int totalOperations() {
        return totalOperations.get();
    }

    public void addOperation(UUID operation) {
        operations.add(operation);
        totalOperations.incrementAndGet();
        touch();
    }

    public boolean isClosed() {
        return endTime != 0;
    }

    /** Set when the session starts closing: nothing new runs on it, and its results go with the connection. */
    public boolean isClosing() {
        return closing;
    }

    void closing() {
        closing = true;
    }

    /** A result cursor was opened on the connection; only while holding {@link #lock()}. */
    public void cursorOpened() {
        openCursors++;
    }

    /** A result cursor was closed; commits when it was the last one. Only while holding {@link #lock()}. */
    public void cursorClosed() {
        openCursors = Math.max(0, openCursors - 1);
        commitIfNoCursor();
    }

    /**
     * Frees a closed operation's result the next time the connection is taken for it: by the session's next
     * statement or by the result closer, whichever holds {@link #lock()} first. Never waits.
     */
    public void freeLater(Runnable free) {
        pendingFrees.add(free);
    }

    /**
     * Runs the pending frees, the engine's answers waited for at most {@code timeout} each; only while holding
     * {@link #lock()}. A statement runs them before it starts so that its end-of-statement commit counts only the
     * cursors still open, as if the closes had freed their results inline.
     */
    public void freePending(Duration timeout) {
        if (pendingFrees.isEmpty()) {
            return;
        }
        withNetworkTimeout(timeout, () -> {
            for (Runnable free = pendingFrees.poll(); free != null; free = pendingFrees.poll()) {
                try {
                    free.run();
                } catch (RuntimeException e) {
                    log.warn("Freeing a closed result of session {} failed: {}", id, e.getMessage());
                }
            }
        });
    }

    /** Commits the work done so far unless a cursor is still being read. Only while holding {@link #lock()}. */
    public void commitIfNoCursor() {
        if (openCursors > 0) {
            return;
        }
        try {
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        } catch (SQLException e) {
            log.warn("Commit on the engine of session {} failed: {}", id, e.getMessage());
        }
    }

    /**
     * Ends the session. Its operations were closed just before (their statements cancelled on the engine), so the
     * connection is normally free within moments: then the work done is committed and the connection closed. One
     * still held after a short grace (a statement the engine does not stop, a metadata call, a hung engine) is
     * aborted under its user's feet rather than waited for, and the commit waits for the engine at most the busy
     * timeout, so a close answers promptly.
     */
    void close() {
        endTime = System.currentTimeMillis();
        boolean locked = tryAcquire(busyTimeout.compareTo(CLOSE_GRACE) < 0 ? busyTimeout : CLOSE_GRACE);
        try {
            if (locked) {
                openCursors = 0;
                pendingFrees.clear();
                // the commit can wait on the engine (deferred constraint checks waiting for a lock, a hung engine):
                // a close waits at most the busy timeout for it, then the driver gives the connection up
                withNetworkTimeout(busyTimeout, this::commitIfNoCursor);
                connection.close();
            } else {
                log.warn("The engine connection of session {} is still busy with operation {}; aborting it", id,
                        busyWith);
                abort();
            }
        } catch (SQLException e) {
            log.warn("Closing the engine connection of session {} failed: {}", id, e.getMessage());
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    private void abort() throws SQLException {
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException | AbstractMethodError e) {
            // a driver without abort: close from this thread, as before
            connection.close();
        }
    }

    private static String productName(Connection connection) {
        try {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            return "JDBC";
        }
    }

    private static boolean supportsSavepoints(Connection connection) {
        try {
            return connection.getMetaData().supportsSavepoints();
        } catch (SQLException e) {
            return false;
        }
    }
}
