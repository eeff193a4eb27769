package io.tributary.session.operations;

import io.tributary.session.sessions.EngineSession;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Frees the results of operations closed while their session's connection was busy. A close never waits for a
 * connection: it takes the session's lock only when free and otherwise tries again later, on its own schedule, and
 * its engine calls have a network timeout. So a session hung in its engine (a statement waiting for a lock, an engine
 * that stopped answering) delays no other session's closes. A session that ends frees its results with its
 * connection, and its pending closes stop. The session's next statement runs its pending frees itself if it takes the
 * connection first, so its end-of-statement commit does not wait for this pool.
 */
final class ResultCloser {

    private static final long FIRST_RETRY_MILLIS = 50;
    private static final long MAX_RETRY_MILLIS = 1_000;
    /** How long one close may wait for an engine's answer before the driver gives up on the connection. */
    static final Duration ENGINE_CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ResultCloser.class);

    private final ScheduledThreadPoolExecutor executor;

    ResultCloser(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(threads, runnable -> {
            Thread thread = new Thread(runnable, "kyuubi-result-closer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs the session's pending frees ({@link EngineSession#freeLater}) once its connection is free. */
    void closeLater(EngineSession session) {
        schedule(session, 0);
    }

    private void schedule(EngineSession session, long delayMillis) {
        try {
            executor.schedule(() -> attempt(session, delayMillis), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: the connections close with their sessions
        }
    }

    private void attempt(EngineSession session, long lastDelayMillis) {
        if (session.isClosing()) {
            return;
        }
        if (!session.lock().tryLock()) {
            schedule(session, Math.min(MAX_RETRY_MILLIS, Math.max(FIRST_RETRY_MILLIS, lastDelayMillis * 2)));
            return;
        }
        try {
            session.freePending(ENGINE_CALL_TIMEOUT);
        } catch (RuntimeException e) {
            log.warn("Freeing closed results of session {} failed: {}", session.id(), e.getMessage());
        } finally {
            session.lock().unlock();
        }
    }

    void shutdown() {
        executor.shutdownNow();
    }
}
