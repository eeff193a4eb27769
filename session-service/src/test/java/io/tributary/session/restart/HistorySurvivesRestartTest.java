package io.tributary.session.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.AnotherServer;
import io.tributary.session.support.KyuubiDtos.Batch;
import io.tributary.session.support.KyuubiDtos.KyuubiSessionEvent;
import io.tributary.session.support.KyuubiDtos.OperationData;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A second server started on the same schema, as after a restart (or a kill -9 of the first): it answers a closed
 * session's history and its operations from PostgreSQL, ends the batches nobody runs any more and the sessions it
 * left open - only its own ({@code kyuubiInstance}), never another instance's.
 */
class HistorySurvivesRestartTest extends SessionServiceIntegrationTest {

    private static final String OTHER_INSTANCE = "another-host:10099";

    @Autowired
    JdbcClient jdbc;

    @Test
    void anotherServerOnTheSameSchemaAnswersClosedSessionsAndEndsAbandonedBatches() throws Exception {
        String session = openSession();
        execute(session, "SELECT 42");
        closeSession(session);
        AnotherServer restarted = restarted();
        UUID abandoned = sqlBatch(restarted.instance());
        UUID elsewhere = sqlBatch(OTHER_INSTANCE);

        try (AnotherServer running = restarted.start()) {
            KyuubiSessionEvent history = JSON.readValue(call(running, "/api/v1/sessions/" + session),
                    KyuubiSessionEvent.class);
            OperationData[] operations = JSON.readValue(call(running, "/api/v1/sessions/" + session + "/operations"),
                    OperationData[].class);
            Batch batch = JSON.readValue(call(running, "/api/v1/batches/" + abandoned), Batch.class);
            Batch others = JSON.readValue(call(running, "/api/v1/batches/" + elsewhere), Batch.class);

            assertThat(history.sessionId()).isEqualTo(session);
            assertThat(history.endTime()).isPositive();
            assertThat(operations).extracting(OperationData::statement).containsExactly("SELECT 42");
            assertThat(batch.state()).isEqualTo("ERROR");
            assertThat(batch.appDiagnostic()).contains("stopped");
            assertThat(others.state()).isEqualTo("RUNNING");
            assertThat(others.endTime()).isZero();
        }
    }

    @Test
    void sessionsLeftOpenByAKilledRunEndWhenTheRestartedInstanceFindsThem() throws Exception {
        AnotherServer restarted = restarted();
        UUID leftOpen = openedSessionEvent(restarted.instance());
        UUID otherInstances = openedSessionEvent(OTHER_INSTANCE);
        long beforeStart = System.currentTimeMillis();

        try (AnotherServer running = restarted.start()) {
            KyuubiSessionEvent ended = JSON.readValue(call(running, "/api/v1/sessions/" + leftOpen),
                    KyuubiSessionEvent.class);
            KyuubiSessionEvent stillOpen = JSON.readValue(call(running, "/api/v1/sessions/" + otherInstances),
                    KyuubiSessionEvent.class);

            assertThat(ended.endTime()).isGreaterThanOrEqualTo(beforeStart)
                    .isLessThanOrEqualTo(System.currentTimeMillis());
            assertThat(stillOpen.endTime()).isZero();
        }
    }

    @Test
    void anotherServerReattachesToLiveBatchProcessesAndEndsDeadOnesFromTheirExitStatus() throws Exception {
        Path alive = Files.createTempDirectory("batch-alive");
        Process process = new ProcessBuilder("/bin/sh", "-c", "while [ ! -f go ]; do sleep 0.1; done; echo 0 > exit_code")
                .directory(alive.toFile()).start();
        Path endedMeanwhile = Files.createTempDirectory("batch-ended");
        Files.writeString(endedMeanwhile.resolve("exit_code"), "0\n");
        Path vanished = Files.createTempDirectory("batch-vanished");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        AnotherServer restarted = restarted();
        UUID aliveId = javaBatch(process.pid(), alive, restarted.instance());
        UUID endedId = javaBatch(gone.pid(), endedMeanwhile, restarted.instance());
        UUID vanishedId = javaBatch(gone.pid(), vanished, restarted.instance());
        UUID othersProcess = javaBatch(gone.pid(), vanished, OTHER_INSTANCE);

        try (AnotherServer port = restarted.start()) {

            assertThat(JSON.readValue(call(port, "/api/v1/batches/" + aliveId), Batch.class).state())
                    .isEqualTo("RUNNING");
            assertThat(JSON.readValue(call(port, "/api/v1/batches/" + endedId), Batch.class).state())
                    .isEqualTo("FINISHED");
            Batch lost = JSON.readValue(call(port, "/api/v1/batches/" + vanishedId), Batch.class);
            assertThat(lost.state()).isEqualTo("ERROR");
            assertThat(lost.appDiagnostic()).contains("without an exit status");
            assertThat(JSON.readValue(call(port, "/api/v1/batches/" + othersProcess), Batch.class).state())
                    .isEqualTo("RUNNING");
            Files.createFile(alive.resolve("go"));
            process.waitFor();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            String state = "RUNNING";
            while (!state.equals("FINISHED") && System.nanoTime() < deadline) {
                sleep(100);
                state = JSON.readValue(call(port, "/api/v1/batches/" + aliveId), Batch.class).state();
            }
            assertThat(state).isEqualTo("FINISHED");
        }
    }

    private UUID javaBatch(long pid, Path workDir, String instance) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO batch (id, batch_type, username, state, app_state, create_time, pid, work_dir,
                                           kyuubi_instance)
                        VALUES (?, 'JAVA', 'anonymous', 'RUNNING', 'RUNNING', ?, ?, ?, ?)""")
                .params(id, System.currentTimeMillis(), pid, workDir.toString(), instance)
                .update();
        return id;
    }

    private UUID sqlBatch(String instance) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO batch (id, batch_type, username, name, state, app_state, create_time,
                                           kyuubi_instance)
                        VALUES (?, 'SQL', 'anonymous', 'left behind', 'RUNNING', 'RUNNING', ?, ?)""")
                .params(id, System.currentTimeMillis(), instance)
                .update();
        return id;
    }

    /** A session a killed server left open: its opening event, and nothing after it. */
    private UUID openedSessionEvent(String instance) {
        UUID id = UUID.randomUUID();
        long opened = System.currentTimeMillis() - 60_000;
        String detail = json(new KyuubiSessionEvent(id.toString(), 9, "INTERACTIVE", "", id.toString(),
                id.toString(), "PostgreSQL", "jdbc:postgresql://x/y", "anonymous", "127.0.0.1", instance,
                java.util.Map.of(), java.util.Map.of(), opened, opened, opened, 0, 1, null));
        jdbc.sql("""
                        INSERT INTO session_event (session_id, event_type, username, detail)
                        VALUES (?, 'SESSION_OPENED', 'anonymous', ?::jsonb)""")
                .params(id, detail)
                .update();
        return id;
    }

    private AnotherServer restarted() {
        return new AnotherServer(SCHEMA, engineUrl(ENGINE_DATABASE), ENGINE_ROLE);
    }

    private static String call(AnotherServer server, String path) {
        HttpResponse<String> response = server.request("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
