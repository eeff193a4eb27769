package io.tributary.session.batches;

import io.tributary.session.engine.EngineConnector;
import io.tributary.session.engine.EngineProperties;
import io.tributary.session.errors.KyuubiException;
import io.tributary.session.secrets.Secrets;
import io.tributary.session.server.ServerInstance;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Runs batches and keeps them in PostgreSQL. {@code SQL} batches run a script, statement by statement, on the JDBC
 * engine their {@code conf} chooses (as a session's configs do), each line of their log kept in the database.
 */
@Service
public class BatchManager {

    private static final Logger log = LoggerFactory.getLogger(BatchManager.class);
    private static final List<String> KNOWN_TYPES = List.of("SQL", "JAVA", "SPARK", "PYSPARK", "FLINK");
    private static final java.util.Set<String> CLIENT_FORBIDDEN_SPARK_CONFS = java.util.Set.of(
            "spark.kerberos.keytab", "spark.kerberos.principal", "spark.yarn.keytab", "spark.yarn.principal");

    private final BatchStore store;
    private final EngineConnector connector;
    private final JavaBatches javaBatches;
    private final Map<UUID, RunningBatch> running = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor pool;
    private final ServerInstance instance;
    private final String sparkSubmit;
    private final boolean doAs;

    public BatchManager(BatchStore store, EngineConnector connector, JavaBatches javaBatches,
            ServerInstance instance, BatchProperties properties, EngineProperties engine) {
        this.store = store;
        this.sparkSubmit = properties.sparkSubmit();
        this.doAs = engine.doAs().enabled();
        this.instance = instance;
        this.connector = connector;
        this.javaBatches = javaBatches;
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(100),
                runnable -> {
                    Thread thread = new Thread(runnable, "kyuubi-batch-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * SQL batches run inside this server: one that was running when it stopped cannot be picked up again. JAVA
     * batches are processes: those still alive are re-attached, the others ended from their recorded status. Only
     * this instance's batches ({@code kyuubi_instance}, its {@code host:port}), as Kyuubi recovers them.
     */
    @EventListener(ApplicationReadyEvent.class)
    void recoverUnfinished() {
        String self = instance.instance();
        int abandoned = store.abandonUnfinished(self, "The server stopped while the batch was running");
        if (abandoned > 0) {
            log.warn("Marked {} batches left unfinished by a previous run of {} as ERROR", abandoned, self);
        }
        javaBatches.reattach(self);
    }

    public Batch submit(String user, NewBatch request, String instance) {
        String type = request.batchType() == null ? "" : request.batchType().trim().toUpperCase(Locale.ROOT);
        if (type.isEmpty()) {
            throw KyuubiException.invalid("batchType is required");
        }
        if (!KNOWN_TYPES.contains(type)) {
            throw KyuubiException.invalid("Unsupported batch type " + request.batchType()
                    + "; this server runs SQL, JAVA and SPARK");
        }
        if (type.equals("JAVA")) {
            return submitJava(user, request, instance);
        }
        if (type.equals("SPARK") || type.equals("PYSPARK")) {
            return submitSpark(type, user, request, instance);
        }
        if (!type.equals("SQL")) {
            throw KyuubiException.invalid("Batch type " + type + " is not available on this server: "
                    + "only SQL, JAVA and (with a spark-submit) SPARK batches run here");
        }
        String script = request.uploaded() != null ? new String(request.uploaded(), StandardCharsets.UTF_8)
                : request.resource();
        if (script == null || script.isBlank()) {
            throw KyuubiException.invalid("A SQL batch needs its script: upload it as resourceFile, "
                    + "or give it as resource");
        }
        List<String> statements = SqlScript.statements(script);
        if (statements.isEmpty()) {
            throw KyuubiException.invalid("The SQL batch's script holds no statement");
        }
        Map<String, String> conf = request.conf() == null ? Map.of() : request.conf();
        connector.resolve(conf);
        UUID id = UUID.randomUUID();
        String resource = request.uploaded() != null ? request.uploadedName() : "inline script";
        store.insert(id, type, user, request.name(), resource, request.className(), redact(conf),
                request.args() == null ? List.of() : request.args(), instance, System.currentTimeMillis());
        RunningBatch batch = new RunningBatch(id, statements, conf);
        running.put(id, batch);
        try {
            pool.execute(batch);
        } catch (RejectedExecutionException e) {
            running.remove(id);
            store.end(id, BatchState.ERROR, "The server is busy: too many batches are waiting");
            throw new KyuubiException(KyuubiException.Reason.UNAVAILABLE, "The server is busy: too many batches "
                    + "are waiting; try again later");
        }
        return get(id.toString());
    }

    private Batch submitJava(String user, NewBatch request, String instance) {
        UUID id = UUID.randomUUID();
        java.nio.file.Path jar = javaBatches.prepare(id, request);
        Map<String, String> conf = request.conf() == null ? Map.of() : request.conf();
        List<String> args = request.args() == null ? List.of() : request.args();
        store.insert(id, "JAVA", user, request.name(), jar.getFileName().toString(), request.className(),
                redact(conf), args, instance, System.currentTimeMillis());
        javaBatches.start(id, jar, request.className(), args);
        return get(id.toString());
    }

    /**
     * {@code spark-submit} with Kyuubi's arguments: {@code --class}, the name as {@code spark.app.name}, the batch id
     * as {@code spark.kyuubi.batch.id}, each conf as {@code --conf k=v}, {@code --proxy-user <user>} when
     * {@code kyuubi.engine.doAs.enabled} (Kyuubi's default), the resource (uploaded, or the path or URL given), then
     * the args. Run, logged and recovered like a JAVA batch. Without a spark-submit, Kyuubi's error.
     */
    private Batch submitSpark(String type, String user, NewBatch request, String instance) {
        refuseUnsafeSparkRequest(request);
        String sparkSubmit = sparkSubmit();
        if (sparkSubmit == null) {
            throw KyuubiException.invalid("SPARK_HOME is not set! No spark-submit is configured on this server "
                    + "(kyuubi.batch.spark-submit or SPARK_HOME), so " + type + " batches cannot run");
        }
        boolean python = type.equals("PYSPARK");
        if (!python && (request.className() == null || request.className().isBlank())) {
            throw KyuubiException.invalid("className is required for a SPARK batch");
        }
        if (request.uploaded() == null && (request.resource() == null || request.resource().isBlank())) {
            throw KyuubiException.invalid("A " + type + " batch needs its resource: upload it as resourceFile, "
                    + "or give its path or URL as resource");
        }
        UUID id = UUID.randomUUID();
        String resource = javaBatches.saveUpload(id, request, python ? "resource.py" : "resource.jar");
        if (resource == null) {
            resource = request.resource();
        }
        Map<String, String> conf = request.conf() == null ? Map.of() : request.conf();
        List<String> args = request.args() == null ? List.of() : request.args();
        List<String> command = new java.util.ArrayList<>(List.of(sparkSubmit));
        if (!python) {
            command.addAll(List.of("--class", request.className()));
        }
        if (request.name() != null && !request.name().isBlank()) {
            command.addAll(List.of("--conf", "spark.app.name=" + request.name()));
        }
        command.addAll(List.of("--conf", "spark.kyuubi.batch.id=" + id));
        conf.forEach((key, value) -> command.addAll(List.of("--conf", key + "=" + value)));
        if (doAs) {
            command.addAll(List.of("--proxy-user", user));
        }
        command.add(resource);
        command.addAll(args);
        store.insert(id, type, user, request.name(), resource, request.className(), redact(conf), args, instance,
                System.currentTimeMillis());
        javaBatches.launch(id, command, "spark-submit-", true);
        return get(id.toString());
    }

    /**
     * What a client sends ends up on spark-submit's command line: a resource or class that spark-submit would read as
     * an option ({@code --proxy-user=hdfs}) is refused, and so are the credentials confs Kyuubi keeps to the server,
     * so a client can neither run as another user nor with the server's keytab.
     */
    private static void refuseUnsafeSparkRequest(NewBatch request) {
        if (request.uploaded() == null && request.resource() != null && request.resource().strip().startsWith("-")) {
            throw KyuubiException.invalid("Invalid resource " + request.resource()
                    + ": a batch resource is a path or URL and must not start with '-'");
        }
        if (request.className() != null && request.className().strip().startsWith("-")) {
            throw KyuubiException.invalid("Invalid className " + request.className()
                    + ": a class name must not start with '-'");
        }
        if (request.conf() != null) {
            for (String key : request.conf().keySet()) {
                if (key != null && CLIENT_FORBIDDEN_SPARK_CONFS.contains(key.strip())) {
                    throw KyuubiException.invalid("Config " + key.strip() + " is not allowed to be set by the "
                            + "client: the server sets the credentials a batch runs with");
                }
            }
        }
    }

    /** The configured spark-submit, else {@code $SPARK_HOME/bin/spark-submit} as Kyuubi finds it; null if neither. */
    private String sparkSubmit() {
        if (!sparkSubmit.isBlank()) {
            return sparkSubmit;
        }
        String home = System.getenv("SPARK_HOME");
        return home == null || home.isBlank() ? null : java.nio.file.Path.of(home, "bin", "spark-submit").toString();
    }

    public Batch get(String id) {
        return store.find(parse(id)).orElseThrow(() -> KyuubiException.notFound("Invalid batchId: " + id));
    }

    public GetBatchesResponse list(BatchFilter filter) {
        List<Batch> batches = store.list(filter);
        return new GetBatchesResponse(filter.from(), batches.size(), batches);
    }

    public int count(String type, String user, BatchState state) {
        return store.count(type, user, state);
    }

    public List<String> log(String id, int from, int size) {
        UUID batch = parse(id);
        get(id);
        return javaBatches.log(batch, from, size).orElseGet(() -> store.log(batch, from, size));
    }

    /** Kills a batch that has not ended; a batch that has is left as it is ({@code success: false}). */
    public CloseBatchResponse kill(String id) {
        UUID batch = parse(id);
        Batch current = get(id);
        if (BatchState.valueOf(current.state()).isTerminal()) {
            return new CloseBatchResponse(false, "Batch " + id + " has already ended in state " + current.state());
        }
        RunningBatch runner = running.get(batch);
        boolean ended = store.end(batch, BatchState.CANCELED, "Killed by a DELETE request");
        if (runner != null) {
            runner.kill();
        }
        javaBatches.kill(batch);
        return ended ? new CloseBatchResponse(true, "Batch " + id + " is killed")
                : new CloseBatchResponse(false, "Batch " + id + " ended before it could be killed");
    }

    @PreDestroy
    void shutdown() {
        running.values().forEach(RunningBatch::kill);
        pool.shutdownNow();
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw KyuubiException.notFound("Invalid batchId: " + id);
        }
    }

    private static Map<String, String> redact(Map<String, String> conf) {
        return Secrets.redact(conf);
    }

    /** One SQL batch on its own engine connection, statement after statement, in autocommit mode. */
    private final class RunningBatch implements Runnable {

        private final UUID id;
        private final List<String> statements;
        private final Map<String, String> conf;
        private volatile boolean killed;
        private volatile Statement current;
        private int seq;

        RunningBatch(UUID id, List<String> statements, Map<String, String> conf) {
            this.id = id;
            this.statements = statements;
            this.conf = conf;
        }

        void kill() {
            killed = true;
            Statement statement = current;
            if (statement != null) {
                try {
                    statement.cancel();
                } catch (SQLException ignored) {
                    // the batch is marked CANCELED either way
                }
            }
        }

        @Override
        public void run() {
            try {
                if (killed) {
                    return;
                }
                store.started(id, "sql-" + id);
                line("Running " + statements.size() + " statement(s)");
                try (Connection connection = connector.open(connector.resolve(conf))) {
                    connection.setAutoCommit(true);
                    int index = 0;
                    for (String sql : statements) {
                        if (killed) {
                            return;
                        }
                        index++;
                        line("Statement " + index + ": " + sql);
                        try (Statement statement = connection.createStatement()) {
                            current = statement;
                            if (statement.execute(sql)) {
                                long rows = 0;
                                try (ResultSet rs = statement.getResultSet()) {
                                    while (rs.next()) {
                                        rows++;
                                    }
                                }
                                line("Statement " + index + " returned " + rows + " row(s)");
                            } else {
                                line("Statement " + index + " updated " + Math.max(0, statement.getUpdateCount())
                                        + " row(s)");
                            }
                        } finally {
                            current = null;
                        }
                    }
                }
                line("Finished");
                store.end(id, BatchState.FINISHED, null);
            } catch (SQLException | RuntimeException e) {
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (!killed) {
                    line("Failed: " + message);
                    store.end(id, BatchState.ERROR, message);
                }
            } finally {
                running.remove(id);
            }
        }

        private void line(String text) {
            try {
                store.log(id, seq++, text);
            } catch (RuntimeException e) {
                log.warn("Could not record a log line of batch {}: {}", id, e.getMessage());
            }
        }
    }
}
