package io.tributary.infra.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A long-running local PostgreSQL for {@code ./tributary start}: the zonky embedded binaries (no install needed)
 * on a persistent data directory, listening on localhost only. After the server is up it runs the init script
 * shared with docker-compose ({@link PgInitScript#CLASSPATH_LOCATION}): databases {@code tributary} and
 * {@code tributary_engine}, the roles and one schema per service, idempotently.
 *
 * <p>Stop it with SIGTERM: the shutdown hook stops the postmaster ({@code pg_ctl stop -m fast}). If this JVM was
 * SIGKILLed instead, the postmaster it started keeps running; the next start finds it through
 * {@code postmaster.pid} in the data directory and shuts it down before starting a new one.
 *
 * <p>Usage: {@code LocalPostgres [--port 5432] [--data-dir .tributary/pgdata]}; the port also comes from
 * {@code TRIBUTARY_PG_PORT}. Prints {@code LocalPostgres ready on port N} when it accepts connections.
 */
public final class LocalPostgres {

    public static final String READY_MARKER = "LocalPostgres ready";

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(Optional.ofNullable(System.getenv("TRIBUTARY_PG_PORT")).orElse("5432"));
        File dataDir = new File(".tributary/pgdata");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data-dir" -> dataDir = new File(args[++i]);
                default -> {
                    System.err.println("usage: LocalPostgres [--port N] [--data-dir DIR]");
                    System.exit(2);
                }
            }
        }
        dataDir = dataDir.getAbsoluteFile();
        Files.createDirectories(dataDir.toPath());

        long t0 = System.nanoTime();
        stopOrphanedPostmaster(dataDir.toPath());

        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky starts the server with fsync off (fine for throwaway test databases); this data
                // directory is kept across starts, so it gets a durable server
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                // the server log goes straight to this JVM's stdout (the launcher's log file), so it keeps
                // working even if this JVM dies before the postmaster
                .setOutputRedirector(ProcessBuilder.Redirect.INHERIT)
                .setErrorRedirector(ProcessBuilder.Redirect.INHERIT)
                .start();
        // EmbeddedPostgres registered a shutdown hook that runs pg_ctl stop -m fast
        long started = System.nanoTime();

        String script = PgInitScript.loadFromClasspath();
        int statements = PgInitScript.run(script, db -> pg.getDatabase("postgres", db).getConnection(), "postgres");
        long done = System.nanoTime();

        System.out.printf("%s on port %d in %d ms (server %d ms, init script %d statements %d ms); data in %s%n",
                READY_MARKER, port, ms(done - t0), ms(started - t0), statements, ms(done - started), dataDir);
        System.out.printf("  jdbc:postgresql://localhost:%d/tributary  (roles sql_service, proxy_service, "
                + "connect_service, session_service; password = role name)%n", port);
        System.out.printf("  jdbc:postgresql://localhost:%d/tributary_engine  (engine_user / engine_user)%n", port);
        System.out.flush();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("LocalPostgres stopping"),
                "local-postgres-stop-log"));
        new CountDownLatch(1).await();
    }

    /**
     * A postmaster still running on this data directory belongs to a previous LocalPostgres that did not get to
     * run its shutdown hook (SIGKILL): stop it (fast shutdown, then immediate). A stale pid file is removed.
     */
    static void stopOrphanedPostmaster(Path dataDir) throws IOException, InterruptedException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (RuntimeException e) {
            System.out.println("Removing unreadable " + pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(LocalPostgres::isPostgres);
        if (handle.isEmpty()) {
            System.out.println("Removing stale " + pidFile + " (pid " + pid + " is not running)");
            Files.deleteIfExists(pidFile);
            return;
        }
        System.out.println("Found an orphaned postmaster (pid " + pid + ") on " + dataDir + ": stopping it");
        if (!signalAndWait(handle.get(), "INT", 30) && !signalAndWait(handle.get(), "QUIT", 10)) {
            throw new IllegalStateException("could not stop the orphaned postmaster pid " + pid
                    + "; stop it by hand (kill " + pid + ") and start again");
        }
        // postgres removes its pid file on a clean exit; after an immediate shutdown it may remain
        Files.deleteIfExists(pidFile);
    }

    private static boolean isPostgres(ProcessHandle p) {
        String command = p.info().command().orElse("");
        if (command.isEmpty()) {
            try {
                command = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            } catch (IOException | RuntimeException e) {
                return true; // cannot tell: it owns the pid file, so assume it is the postmaster
            }
        }
        return command.contains("postgres");
    }

    private static boolean signalAndWait(ProcessHandle p, String signal, int seconds)
            throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        try {
            p.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !p.isAlive();
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
