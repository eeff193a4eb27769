package io.tributary.connect.worker;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.distributed.RebalanceNeededException;
import org.apache.kafka.connect.runtime.distributed.RequestTargetException;
import org.apache.kafka.connect.util.Callback;
import org.apache.kafka.connect.util.FutureCallback;
import org.apache.kafka.connect.util.StagedTimeoutException;

/**
 * Every request to the herder goes through here: it is refused while the worker is not ready, waits on the
 * herder's callback at most the request timeout (and says what it waited for when that runs out), and is
 * retried while the group rebalances, for at most the rebalance wait, instead of answering 409 at once.
 */
public final class HerderCalls {

    private static final long RETRY_PAUSE_MS = 100;

    private final EmbeddedConnectWorker worker;
    private final Duration requestTimeout;
    private final Duration rebalanceWait;

    public HerderCalls(EmbeddedConnectWorker worker) {
        this.worker = worker;
        this.requestTimeout = worker.properties().requestTimeout();
        this.rebalanceWait = worker.properties().rebalanceWait();
    }

    /** The running herder, for calls that answer at once. */
    public Herder herder() {
        Herder herder = worker.herder();
        if (herder == null || !worker.isReady()) {
            throw new WorkerUnavailableException(
                    "The Connect worker is starting and has not joined its group yet; retry shortly");
        }
        return herder;
    }

    /** A synchronous herder call (status, pause...), retried while a rebalance is under way. */
    public <T> T now(String what, Function<Herder, T> call) {
        long rebalanceDeadline = System.nanoTime() + rebalanceWait.toNanos();
        while (true) {
            try {
                return call.apply(herder());
            } catch (RebalanceNeededException e) {
                waitOutRebalance(what, rebalanceDeadline, e);
            }
        }
    }

    /**
     * An asynchronous herder call: {@code request} hands a callback to the herder; this waits for it.
     * {@code what} names the operation in timeout messages ("creating connector x").
     */
    public <T> T await(String what, BiConsumer<Herder, Callback<T>> request) {
        long rebalanceDeadline = System.nanoTime() + rebalanceWait.toNanos();
        while (true) {
            FutureCallback<T> cb = new FutureCallback<>();
            request.accept(herder(), cb);
            try {
                return cb.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RebalanceNeededException
                        || cause instanceof RequestTargetException target && target.forwardUrl() == null) {
                    waitOutRebalance(what, rebalanceDeadline, (RuntimeException) cause);
                } else if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                } else {
                    throw new IllegalStateException(cause.getMessage(), cause);
                }
            } catch (StagedTimeoutException e) {
                throw new HerderTimeoutException("Request timed out after " + requestTimeout.toMillis()
                        + " ms while " + what + ". " + e.stage().summarize());
            } catch (TimeoutException e) {
                throw new HerderTimeoutException("Request timed out after " + requestTimeout.toMillis()
                        + " ms while " + what);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HerderTimeoutException("Request interrupted while " + what);
            }
        }
    }

    private void waitOutRebalance(String what, long deadline, RuntimeException cause) {
        if (System.nanoTime() >= deadline) {
            throw new RebalanceInProgressException("Cannot complete request (" + what
                    + ") because a rebalance of the Connect cluster did not finish within "
                    + rebalanceWait.toMillis() + " ms: " + cause.getMessage());
        }
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HerderTimeoutException("Request interrupted while " + what);
        }
    }
}
