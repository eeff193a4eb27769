package io.tributary.sql.bounded;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * When a bounded query must stop early: its deadline passed (a request timeout) or someone cancelled it. Checked
 * between polls of the topic and between rows, so a stop takes effect within a poll interval.
 */
public final class Interruption {

    /** Why a bounded query stopped before its end. */
    public static final class Stopped extends RuntimeException {
        private final boolean timedOut;

        Stopped(boolean timedOut) {
            super(timedOut ? "timed out" : "cancelled", null, false, false);
            this.timedOut = timedOut;
        }

        public boolean timedOut() {
            return timedOut;
        }
    }

    private final long deadlineNanos;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private Interruption(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public static Interruption none() {
        return new Interruption(Long.MAX_VALUE);
    }

    /** Stops the query once {@code timeout} has passed from now. */
    public static Interruption after(java.time.Duration timeout) {
        long now = System.nanoTime();
        long nanos = timeout.toNanos();
        return new Interruption(Long.MAX_VALUE - now < nanos ? Long.MAX_VALUE : now + nanos);
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean cancelled() {
        return cancelled.get();
    }

    /** Throws {@link Stopped} if the query must stop now. */
    public void check() {
        if (cancelled.get()) {
            throw new Stopped(false);
        }
        if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
            throw new Stopped(true);
        }
    }
}
