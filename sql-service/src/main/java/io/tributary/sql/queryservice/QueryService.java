package io.tributary.sql.queryservice;

import io.tributary.sql.bounded.Interruption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * AsterixDB's query service over the SQL engine: runs a request in its mode and answers the response object in
 * AsterixDB's field order ({@code requestID, clientContextID, type, signature, results|handle, plans, status,
 * errors, metrics}). Deferred and async results live in the {@link ResultStore}, so handles survive restarts.
 *
 * <p>At most {@link Settings#maxConcurrentQueries} requests run at once on an instance (each holds a slot while it
 * runs); past that an immediate or deferred request is refused as AsterixDB refuses a job when its job queue is full
 * (503, {@code HYR0006}). An async request holds no slot while it waits to run: it waits in a queue of
 * {@link Settings#asyncQueueCapacity} requests, and is refused the same way when that queue is full. A request
 * without a {@code timeout} gets the configured default, so a scan whose client gave up (a gateway's 504) ends
 * anyway; an async request's time in the queue counts.
 * Every running request with a {@code client_context_id} is listed in PostgreSQL, so
 * {@code DELETE /admin/requests/running} on any instance stops it.
 */
public class QueryService implements DisposableBean {

    /** An answer: the HTTP status and the body, fields in order. */
    public record Answer(int httpStatus, Map<String, Object> body) {
    }

    /**
     * @param resultTtl            how long deferred and async results stay readable
     * @param maxResultReads       reads of a result when the request does not say
     * @param asyncThreads         async requests running at once (more wait in the async queue)
     * @param lostAfter            how long a running request may go without its instance touching it before it
     *                             is taken for gone
     * @param maxConcurrentQueries requests running at once on this instance, all modes; more are refused
     * @param defaultTimeout       the timeout of an immediate or deferred request that gives none (zero: none)
     * @param asyncDefaultTimeout  the timeout of an async request that gives none (zero: none)
     * @param asyncQueueCapacity   async requests waiting to run on this instance; more are refused
     */
    public record Settings(Duration resultTtl, int maxResultReads, int asyncThreads, Duration lostAfter,
            int maxConcurrentQueries, Duration defaultTimeout, Duration asyncDefaultTimeout,
            int asyncQueueCapacity) {
    }

    private static final Logger log = LoggerFactory.getLogger(QueryService.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration COMPILE_WAIT = Duration.ofSeconds(30);
    /** How often an async request waiting to run looks whether it was cancelled or timed out. */
    private static final long QUEUED_CHECK_MILLIS = 50;

    private final QueryServiceEngine engine;
    private final ResultStore store;
    private final RunningRequests running;
    private final Settings settings;
    private final int slotCount;
    /** Requests running on this instance, every mode. */
    private final Semaphore slots;
    /** Async requests running at once; fair, so that queued ones start in the order they came. */
    private final Semaphore asyncRunners;
    private final int queueCapacity;
    /** Async requests accepted and not running yet. */
    private final Semaphore asyncQueue;
    /** A thread per accepted async request: at most {@code asyncThreads} running and the queue's capacity waiting. */
    private final ExecutorService executor;
    /** The requests running here that PostgreSQL lists (by their row's handle): heartbeats and remote cancels. */
    private final Map<String, Interruption> runningHere = new ConcurrentHashMap<>();

    public QueryService(QueryServiceEngine engine, ResultStore store, RunningRequests running, Settings settings) {
        this.engine = engine;
        this.store = store;
        this.running = running;
        this.settings = settings;
        this.slotCount = Math.max(1, settings.maxConcurrentQueries());
        this.slots = new Semaphore(slotCount);
        this.asyncRunners = new Semaphore(Math.max(1, settings.asyncThreads()), true);
        this.queueCapacity = Math.max(1, settings.asyncQueueCapacity());
        this.asyncQueue = new Semaphore(queueCapacity);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "query-service-async-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Answers a request; {@code baseUrl} is the service's URL as the client called it (handles start with it). */
    public Answer submit(QueryServiceRequest request, String baseUrl) {
        long started = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        if (request.mode() == QueryServiceRequest.Mode.ASYNC) {
            return async(request, requestId, baseUrl, started);
        }
        if (!slots.tryAcquire()) {
            return failure(request, requestId, queueFull(settings.maxConcurrentQueries()), started);
        }
        try {
            Interruption interruption = timeout(request).map(Interruption::after).orElseGet(Interruption::none);
            return inline(request, requestId, interruption, baseUrl, started);
        } finally {
            slots.release();
        }
    }

    /** Requests running on this instance now, every mode (each holds one of the slots). */
    public int runningRequests() {
        return slotCount - slots.availablePermits();
    }

    /** Async requests accepted on this instance and waiting to run. */
    public int queuedAsyncRequests() {
        return queueCapacity - asyncQueue.availablePermits();
    }

    private static QueryServiceException queueFull(int jobs) {
        return new QueryServiceException(QueryServiceError.of("HYR0006", "Job queue is full with " + jobs + " jobs"),
                "fatal", 503);
    }

    /** The request's own timeout, or the configured default for its mode; empty when it runs without one. */
    private Optional<Duration> timeout(QueryServiceRequest request) {
        if (request.timeout().isPresent()) {
            return request.timeout();
        }
        Duration fallback = request.mode() == QueryServiceRequest.Mode.ASYNC ? settings.asyncDefaultTimeout()
                : settings.defaultTimeout();
        return fallback == null || fallback.isZero() || fallback.isNegative() ? Optional.empty()
                : Optional.of(fallback);
    }

    /** An immediate or deferred request: run while the client waits. */
    private Answer inline(QueryServiceRequest request, String requestId, Interruption interruption, String baseUrl,
            long started) {
        Execution execution;
        String listed = listRunning(request, requestId, interruption);
        try (AutoCloseable ignored = running.register(request.clientContextId(), interruption)) {
            execution = run(request, requestId, interruption, () -> { });
        } catch (QueryServiceException e) {
            return failure(request, requestId, e, started);
        } catch (Exception e) {
            return failure(request, requestId, unexpected(e), started);
        } finally {
            unlistRunning(listed);
        }
        Map<String, Object> body = head(request, requestId);
        if (request.signature()) {
            body.put("signature", Map.of("*", "*"));
        }
        if (request.mode() == QueryServiceRequest.Mode.DEFERRED && execution.results() != null) {
            String handle = UUID.randomUUID().toString();
            store.insert(handle, requestId, request.clientContextId(), "running", maxReads(request),
                    settings.resultTtl());
            store.complete(handle, "success", JSON.writeValueAsString(execution.results()),
                    JSON.writeValueAsString(metrics(System.nanoTime() - started, execution, 0)), null);
            body.put("handle", baseUrl + "/query/service/result/" + handle);
            body.put("plans", execution.plans());
            body.put("status", "success");
            body.put("metrics", metrics(System.nanoTime() - started, null, 0));
            return new Answer(200, body);
        }
        if (execution.results() != null) {
            body.put("results", execution.results());
        }
        body.put("plans", execution.plans());
        body.put("status", "success");
        body.put("metrics", metrics(System.nanoTime() - started, execution, 0));
        return new Answer(200, body);
    }

    /**
     * An async request: compiled against the metastore now, as AsterixDB compiles before it queues a job, so that a
     * statement that cannot run (syntax, unknown dataset or field, type error) is answered 400 at once whether the
     * request would wait or not; then queued without a slot. The answer waits until the request has compiled, or
     * is known to wait for its turn.
     */
    private Answer async(QueryServiceRequest request, String requestId, String baseUrl, long started) {
        try {
            engine.check(request);
        } catch (QueryServiceException e) {
            return failure(request, requestId, e, started);
        }
        if (!asyncQueue.tryAcquire()) {
            return failure(request, requestId, queueFull(queueCapacity), started);
        }
        Interruption interruption = timeout(request).map(Interruption::after).orElseGet(Interruption::none);
        String handle = UUID.randomUUID().toString();
        try {
            store.insert(handle, requestId, request.clientContextId(), "running", maxReads(request),
                    settings.resultTtl());
        } catch (RuntimeException e) {
            asyncQueue.release();
            throw e;
        }
        CompletableFuture<Map<String, Object>> compiled = new CompletableFuture<>();
        AutoCloseable registration = running.register(request.clientContextId(), interruption);
        runningHere.put(handle, interruption);
        boolean submitted = false;
        try {
            executor.execute(() -> runQueued(request, requestId, handle, interruption, registration, compiled,
                    started));
            submitted = true;
        } catch (RejectedExecutionException e) {
            QueryServiceException stopping = stopping();
            store.complete(handle, stopping.status(), null, JSON.writeValueAsString(
                    metrics(System.nanoTime() - started, null, 1)), JSON.writeValueAsString(List.of(stopping.error())));
            return failure(request, requestId, stopping, started);
        } finally {
            if (!submitted) {
                // the task that would release them never runs
                runningHere.remove(handle);
                try {
                    registration.close();
                } catch (Exception ignored) {
                    // it only unregisters
                }
                asyncQueue.release();
            }
        }
        Map<String, Object> plans;
        try {
            plans = compiled.get(COMPILE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            QueryServiceException failure = (QueryServiceException) e.getCause();
            if (failure.httpStatus() == 400) {
                // refused before it ran (syntax, unknown dataset...): answered now, as AsterixDB does
                return failure(request, requestId, failure, started);
            }
            plans = Map.of();
        } catch (TimeoutException e) {
            plans = Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            plans = Map.of();
        }
        Map<String, Object> body = head(request, requestId);
        if (request.signature()) {
            body.put("signature", Map.of("*", "*"));
        }
        body.put("status", "running");
        body.put("handle", baseUrl + "/query/service/status/" + handle);
        body.put("plans", plans);
        body.put("metrics", metrics(System.nanoTime() - started, null, 0));
        return new Answer(200, body);
    }

    /**
     * Runs a queued async request once it has its turn (one of the async runners and a slot), records its outcome
     * under its handle and gives back what it took. Cancelled or timed out while it waits, it ends there, holding
     * nothing; {@code compiled} completes as soon as the request has to wait, so that its client is answered.
     */
    private void runQueued(QueryServiceRequest request, String requestId, String handle, Interruption interruption,
            AutoCloseable registration, CompletableFuture<Map<String, Object>> compiled, long started) {
        boolean runner = false;
        boolean slot = false;
        try (registration) {
            try {
                runner = await(asyncRunners, requestId, interruption, compiled);
                slot = await(slots, requestId, interruption, compiled);
            } finally {
                asyncQueue.release();
            }
            Execution execution = run(request, requestId, interruption, () -> compiled.complete(Map.of()));
            compiled.complete(execution.plans());
            store.complete(handle, "success", JSON.writeValueAsString(execution.results() == null ? List.of()
                    : execution.results()), JSON.writeValueAsString(metrics(System.nanoTime() - started,
                    execution, 0)), null);
        } catch (Exception e) {
            QueryServiceException failure = e instanceof QueryServiceException q ? q : unexpected(e);
            compiled.completeExceptionally(failure);
            try {
                store.complete(handle, failure.status(), null, JSON.writeValueAsString(
                        metrics(System.nanoTime() - started, null, 1)),
                        JSON.writeValueAsString(List.of(failure.error())));
            } catch (RuntimeException storeFailure) {
                // the row stays running; once this instance stops touching it, its status reads failed
                log.warn("Could not record the outcome of async request {}: {}", requestId, storeFailure.toString());
            }
        } finally {
            runningHere.remove(handle);
            if (slot) {
                slots.release();
            }
            if (runner) {
                asyncRunners.release();
            }
        }
    }

    /**
     * Takes a permit, waiting as long as the request may: true once taken, an exception (cancelled, timed out, the
     * instance stopping) when it stops waiting. Before it waits it completes {@code compiled}: the request is queued.
     */
    private boolean await(Semaphore permits, String requestId, Interruption interruption,
            CompletableFuture<Map<String, Object>> compiled) {
        try {
            if (permits.tryAcquire(0, TimeUnit.MILLISECONDS)) {
                return true;
            }
            compiled.complete(Map.of());
            while (true) {
                checkInterruption(interruption, requestId);
                if (permits.tryAcquire(QUEUED_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopping();
        }
    }

    private static QueryServiceException stopping() {
        return new QueryServiceException(QueryServiceError.of("ASX0000", "The instance is stopping"), "fatal", 503);
    }

    /**
     * Lists a running immediate or deferred request in PostgreSQL (a row no handle points at) so that a cancel
     * on another instance reaches it; the row's handle, or null when the request has no client context id.
     */
    private String listRunning(QueryServiceRequest request, String requestId, Interruption interruption) {
        if (request.clientContextId() == null || request.clientContextId().isEmpty()) {
            return null;
        }
        String row = UUID.randomUUID().toString();
        try {
            store.insert(row, requestId, request.clientContextId(), "running", 0, settings.resultTtl());
        } catch (RuntimeException e) {
            log.warn("Could not list request {} as running; only this instance can cancel it: {}", requestId,
                    e.toString());
            return null;
        }
        runningHere.put(row, interruption);
        return row;
    }

    private void unlistRunning(String row) {
        if (row == null) {
            return;
        }
        runningHere.remove(row);
        try {
            store.delete(row);
        } catch (RuntimeException e) {
            // it expires with the results' time to live; its stale heartbeat keeps cancels from counting it
            log.warn("Could not unlist running request {}: {}", row, e.toString());
        }
    }

    private Execution run(QueryServiceRequest request, String requestId, Interruption interruption,
            Runnable compiled) {
        try {
            return engine.execute(request, interruption, compiled);
        } catch (io.tributary.sql.bounded.BoundedQueryEngine.TooManyRows e) {
            throw QueryServiceException.badRequest("ASX0000", e.getMessage());
        } catch (Interruption.Stopped e) {
            throw stopped(e, requestId);
        }
    }

    private static void checkInterruption(Interruption interruption, String requestId) {
        try {
            interruption.check();
        } catch (Interruption.Stopped e) {
            throw stopped(e, requestId);
        }
    }

    private static QueryServiceException stopped(Interruption.Stopped e, String requestId) {
        if (e.timedOut()) {
            return new QueryServiceException(QueryServiceError.of("ASX0039", "Request timed out and will be cancelled"),
                    "timeout", 200);
        }
        return new QueryServiceException(QueryServiceError.of("ASX0041", "Request " + requestId
                + " has been cancelled"), "fatal", 500);
    }

    private static QueryServiceException unexpected(Exception e) {
        log.error("Query service request failed", e);
        return new QueryServiceException(QueryServiceError.of("ASX0000", "Internal error: "
                + e.getClass().getSimpleName()), "fatal", 500);
    }

    /** {@code GET /query/service/status/{handle}}: empty when unknown or expired. */
    public Optional<Map<String, Object>> status(String handle, String baseUrl) {
        return store.status(handle, settings.lostAfter()).map(stored -> {
            Map<String, Object> body = new LinkedHashMap<>();
            if ("lost".equals(stored.status())) {
                body.put("status", "failed");
                body.put("errors", List.of(QueryServiceError.of("ASX0000",
                        "The instance running the request stopped before it finished")));
                return body;
            }
            body.put("status", stored.status());
            if ("success".equals(stored.status())) {
                body.put("handle", baseUrl + "/query/service/result/" + handle);
            }
            if (stored.errors() != null) {
                body.put("errors", JSON.readValue(stored.errors(), new TypeReference<List<Object>>() { }));
            }
            return body;
        });
    }

    /** {@code GET /query/service/result/{handle}}: empty when unknown, expired, not done or read up. */
    public Optional<Map<String, Object>> result(String handle) {
        return store.read(handle).map(stored -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("results", JSON.readValue(stored.results(), new TypeReference<List<Object>>() { }));
            body.put("metrics", JSON.readValue(stored.metrics(), new TypeReference<LinkedHashMap<String, Object>>() { }));
            return body;
        });
    }

    /** Cancels the requests running with this id, here or on another instance (through PostgreSQL). */
    public boolean cancel(String clientContextId) {
        boolean here = running.cancel(clientContextId);
        return store.requestCancel(clientContextId, settings.lostAfter()) > 0 || here;
    }

    /**
     * Shows the requests running here as alive, and stops those another instance was asked to cancel.
     */
    @Scheduled(fixedDelayString = "${queryservice.heartbeat-interval:5s}")
    public void heartbeat() {
        try {
            for (String handle : store.heartbeat(List.copyOf(runningHere.keySet()))) {
                Interruption interruption = runningHere.get(handle);
                if (interruption != null) {
                    interruption.cancel();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not record the running query service requests: {}", e.toString());
        }
    }

    /** The error answer: {@code requestID, clientContextID, errors, status, metrics}. */
    public Answer failure(QueryServiceRequest request, String requestId, QueryServiceException e, long started) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestID", requestId);
        if (request != null && request.clientContextId() != null && !request.clientContextId().isEmpty()) {
            body.put("clientContextID", request.clientContextId());
        }
        body.put("errors", List.of(e.error()));
        body.put("status", e.status());
        body.put("metrics", metrics(System.nanoTime() - started, null, 1));
        return new Answer(e.httpStatus(), body);
    }

    /** An error answer for a request whose parameters could not be read. */
    public Answer failure(QueryServiceException e, String clientContextId, long started) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestID", UUID.randomUUID().toString());
        if (clientContextId != null && !clientContextId.isEmpty()) {
            body.put("clientContextID", clientContextId);
        }
        body.put("errors", List.of(e.error()));
        body.put("status", e.status());
        body.put("metrics", metrics(System.nanoTime() - started, null, 1));
        return new Answer(e.httpStatus(), body);
    }

    private static Map<String, Object> head(QueryServiceRequest request, String requestId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requestID", requestId);
        if (request.clientContextId() != null && !request.clientContextId().isEmpty()) {
            body.put("clientContextID", request.clientContextId());
        }
        request.format().typeField().ifPresent(type -> body.put("type", type));
        return body;
    }

    private int maxReads(QueryServiceRequest request) {
        return request.maxResultReads().orElse(settings.maxResultReads());
    }

    private static Map<String, Object> metrics(long elapsedNanos, Execution execution, long errorCount) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("elapsedTime", formatNanos(elapsedNanos));
        metrics.put("executionTime", formatNanos(execution == null ? 0 : execution.executionNanos()));
        metrics.put("resultCount", execution == null ? 0 : execution.resultCount());
        metrics.put("resultSize", execution == null ? 0 : execution.resultSize());
        metrics.put("processedObjects", execution == null ? 0 : execution.processedObjects());
        if (errorCount > 0) {
            metrics.put("errorCount", errorCount);
        }
        return metrics;
    }

    /** As AsterixDB prints durations: {@code "0ns"}, {@code "12.5µs"}, {@code "987.3ms"}, {@code "1.2s"}. */
    static String formatNanos(long nanos) {
        if (nanos < 1_000) {
            return Math.max(nanos, 0) + "ns";
        }
        double value;
        String unit;
        if (nanos < 1_000_000) {
            value = nanos / 1_000.0;
            unit = "µs";
        } else if (nanos < 1_000_000_000) {
            value = nanos / 1_000_000.0;
            unit = "ms";
        } else {
            value = nanos / 1_000_000_000.0;
            unit = "s";
        }
        String text = new java.math.BigDecimal(value).setScale(6, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
        return text + unit;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
