package io.tributary.infra.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the gateway costs: requests/s and p50/p99 latency of one small GET measured directly on a service and
 * through the gateway, in the same run, on loopback.
 *
 * <p>Default: session-service's {@code GET /api/v1/ping} on :10099 against {@code GET /kyuubi/api/v1/ping} on the
 * gateway (:8080). For each target: {@code --connections} keep-alive HTTP/1.1 connections (64), one thread each,
 * each sending the next request as soon as the previous response has been read in full (Content-Length, chunked,
 * or until close); a warm-up ({@code --warmup} 5 s) then a measurement ({@code --duration} 15 s), or fewer when
 * {@code --max-requests} are recorded first. Only 2xx answers count; anything else is an error. The client is a
 * minimal HTTP/1.1 over plain sockets, so the number of connections is exactly what is asked for.
 *
 * <p>Not a test: {@code ./tributary bench [options]} runs it against the running suite and prints a table and the
 * ratio gateway/direct.
 */
public final class GatewayOverheadBenchmark {

    private GatewayOverheadBenchmark() {
    }

    // ------------------------------------------------------------------------------------------ options

    static final class Options {
        String direct = "http://127.0.0.1:10099/api/v1/ping";
        String gateway = "http://127.0.0.1:8080/kyuubi/api/v1/ping";
        int connections = 64;
        double warmupSeconds = 5;
        double durationSeconds = 15;
        long maxRequests = 3_000_000;
        int timeoutMillis = 5_000;
        final List<String> headers = new ArrayList<>();
    }

    private static final String USAGE = """
            usage: GatewayOverheadBenchmark [options]        (./tributary bench [options])
              --direct URL        the service itself        (default http://127.0.0.1:10099/api/v1/ping)
              --gateway URL       the same through the gateway (default http://127.0.0.1:8080/kyuubi/api/v1/ping)
              --connections N     keep-alive connections, one thread each (default 64)
              --warmup SECONDS    per target, not measured (default 5)
              --duration SECONDS  measured, per target (default 15)
              --max-requests N    stop measuring a target after N recorded requests (default 3000000)
              --timeout-ms N      connect/read timeout per request (default 5000)
              --header 'Name: value'  extra request header, repeatable (e.g. an Authorization for the gateway)
            URLs must be http:// on a loopback address.""";

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--direct" -> o.direct = need(a, v);
                case "--gateway" -> o.gateway = need(a, v);
                case "--connections" -> o.connections = Integer.parseInt(need(a, v));
                case "--warmup" -> o.warmupSeconds = Double.parseDouble(need(a, v));
                case "--duration" -> o.durationSeconds = Double.parseDouble(need(a, v));
                case "--max-requests" -> o.maxRequests = Long.parseLong(need(a, v));
                case "--timeout-ms" -> o.timeoutMillis = Integer.parseInt(need(a, v));
                case "--header" -> o.headers.add(need(a, v));
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
            i++;
        }
        if (o.connections < 1 || o.connections > 1024) {
            throw new IllegalArgumentException("--connections must be between 1 and 1024");
        }
        if (o.durationSeconds <= 0 || o.warmupSeconds < 0 || o.maxRequests < 1) {
            throw new IllegalArgumentException("--duration must be > 0, --warmup >= 0, --max-requests >= 1");
        }
        return o;
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    // ------------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "Gateway overhead: %d keep-alive connections, warm-up %.0f s + measure %.0f s "
                        + "per target (at most %,d requests), loopback, %d CPUs shared by client and servers%n%n",
                o.connections, o.warmupSeconds, o.durationSeconds, o.maxRequests,
                Runtime.getRuntime().availableProcessors());

        Result direct = measure("direct", o.direct, o);
        Result gateway = measure("gateway", o.gateway, o);

        System.out.println();
        System.out.printf(Locale.ROOT, "%-8s %-44s %10s %7s %7s %10s %8s %8s %8s%n",
                "target", "url", "requests", "errors", "conns", "req/s", "p50 ms", "p99 ms", "max ms");
        for (Result r : List.of(direct, gateway)) {
            if (r.failure != null) {
                System.out.printf(Locale.ROOT, "%-8s %-44s %s%n", r.name, r.url, "not measured: " + r.failure);
            } else {
                System.out.printf(Locale.ROOT, "%-8s %-44s %,10d %7d %7d %10.0f %8.2f %8.2f %8.2f%n", r.name, r.url,
                        r.requests, r.errors, r.connects, r.throughput, ms(r.p50), ms(r.p99), ms(r.max));
            }
        }
        System.out.printf("(conns: TCP connections opened, %d when every connection stayed alive; errors: non-2xx "
                + "answers and I/O failures while measuring)%n", o.connections);
        System.out.println();
        if (direct.failure == null && gateway.failure == null && direct.requests > 0 && gateway.requests > 0) {
            System.out.printf(Locale.ROOT, "gateway/direct throughput: %.2fx   added latency: p50 %+.2f ms, p99 %+.2f ms%n",
                    gateway.throughput / direct.throughput, ms(gateway.p50 - direct.p50),
                    ms(gateway.p99 - direct.p99));
        } else {
            System.out.println("no ratio: both targets must be measured (is the suite running? ./tributary status)");
            System.exit(1);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    // ------------------------------------------------------------------------------------------ one target

    static final class Result {
        final String name;
        final String url;
        String failure;
        long requests;
        long errors;
        long connects;
        long reconnects;
        double throughput;
        long p50;
        long p99;
        long max;

        Result(String name, String url) {
            this.name = name;
            this.url = url;
        }
    }

    static Result measure(String name, String url, Options o) throws InterruptedException {
        Result result = new Result(name, url);
        KeepAliveHttp.Target target;
        try {
            target = KeepAliveHttp.Target.of(url, o.headers);
        } catch (IllegalArgumentException | IOException e) {
            result.failure = e.getMessage();
            System.out.println(name + ": " + result.failure);
            return result;
        }
        // one request first: a clear message when nothing (or the wrong thing) answers
        try (KeepAliveHttp.Connection c = new KeepAliveHttp.Connection(target, o.timeoutMillis)) {
            int status = c.exchange();
            if (status < 200 || status > 299) {
                result.failure = "GET " + target.path() + " answered " + status + " (expected 2xx)";
                System.out.println(name + ": " + result.failure);
                return result;
            }
        } catch (IOException e) {
            result.failure = "GET " + url + " failed: " + e;
            System.out.println(name + ": " + result.failure);
            return result;
        }

        Run run = new Run(o.maxRequests);
        List<Worker> workers = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(o.connections);
        for (int i = 0; i < o.connections; i++) {
            Worker w = new Worker(target, o.timeoutMillis, run, done);
            workers.add(w);
            Thread t = new Thread(w, "bench-" + name + "-" + i);
            t.setDaemon(true);
            t.start();
        }
        System.out.printf(Locale.ROOT, "%s: warming up %.0f s ...%n", name, o.warmupSeconds);
        Thread.sleep((long) (o.warmupSeconds * 1000));
        long errorsBefore = run.errors.get();
        long connectsBefore = run.connects.get();
        run.measureStart = System.nanoTime();
        run.measuring = true;
        System.out.printf(Locale.ROOT, "%s: measuring %.0f s ...%n", name, o.durationSeconds);
        long deadline = run.measureStart + (long) (o.durationSeconds * 1e9);
        while (System.nanoTime() < deadline && !run.full) {
            Thread.sleep(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
        }
        run.measureEnd = Math.min(System.nanoTime(), run.fullAt > 0 ? run.fullAt : Long.MAX_VALUE);
        run.stop = true;
        long errors = run.errors.get() - errorsBefore;
        result.connects = run.connects.get();
        result.reconnects = run.connects.get() - connectsBefore;
        long stopping = System.nanoTime();
        for (Worker w : workers) {
            w.close(); // unblocks a read waiting on a slow answer
        }
        if (!done.await(o.timeoutMillis + 2_000L, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            System.out.printf("%s: %d connection threads still busy after %d ms; going on%n", name, done.getCount(),
                    (System.nanoTime() - stopping) / 1_000_000);
        }

        int total = 0;
        for (Worker w : workers) {
            total += w.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies, 0, all, at, w.count);
            at += w.count;
        }
        Arrays.sort(all);
        result.requests = total;
        result.errors = errors;
        double seconds = (run.measureEnd - run.measureStart) / 1e9;
        result.throughput = total / seconds;
        if (total > 0) {
            result.p50 = percentile(all, 0.50);
            result.p99 = percentile(all, 0.99);
            result.max = all[total - 1];
        } else {
            result.failure = "no successful request in the measurement (" + errors + " errors)";
        }
        return result;
    }

    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length); // nearest-rank
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Shared state of one target's run. */
    static final class Run {
        final long maxRequests;
        final AtomicLong recorded = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong connects = new AtomicLong();
        volatile boolean measuring;
        volatile boolean stop;
        volatile boolean full;
        volatile long fullAt;
        volatile long measureStart;
        volatile long measureEnd;

        Run(long maxRequests) {
            this.maxRequests = maxRequests;
        }
    }

    /** One connection, one thread: request, read the whole answer, repeat. */
    static final class Worker implements Runnable {
        private final KeepAliveHttp.Target target;
        private final int timeoutMillis;
        private final Run run;
        private final CountDownLatch done;
        private volatile KeepAliveHttp.Connection connection;
        long[] latencies = new long[4096];
        int count;

        Worker(KeepAliveHttp.Target target, int timeoutMillis, Run run, CountDownLatch done) {
            this.target = target;
            this.timeoutMillis = timeoutMillis;
            this.run = run;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                while (!run.stop) {
                    try {
                        KeepAliveHttp.Connection c = connection;
                        if (c == null) {
                            c = new KeepAliveHttp.Connection(target, timeoutMillis);
                            connection = c;
                            run.connects.incrementAndGet();
                            if (run.stop) {
                                break; // close() may have run just before: the finally block closes this one
                            }
                        }
                        long t0 = System.nanoTime();
                        int status = c.exchange();
                        long t1 = System.nanoTime();
                        if (status < 200 || status > 299) {
                            run.errors.incrementAndGet();
                        } else if (run.measuring && t0 >= run.measureStart && !run.stop) {
                            record(t1 - t0, t1);
                        }
                        if (c.closeAfterwards) {
                            closeQuietly();
                        }
                    } catch (IOException e) {
                        if (!run.stop) {
                            run.errors.incrementAndGet();
                            closeQuietly();
                            sleepQuietly(); // do not spin on a refused connection
                        }
                    }
                }
            } finally {
                closeQuietly();
                done.countDown();
            }
        }

        private void record(long latency, long at) {
            long n = run.recorded.incrementAndGet();
            if (n > run.maxRequests) {
                if (!run.full) {
                    run.fullAt = at;
                    run.full = true;
                }
                return;
            }
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[count++] = latency;
        }

        void close() {
            closeQuietly();
        }

        private void closeQuietly() {
            KeepAliveHttp.Connection c = connection;
            connection = null;
            if (c != null) {
                c.close();
            }
        }

        private static void sleepQuietly() {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
