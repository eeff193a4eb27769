package io.tributary.session.restart;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.TributaryApplication;
import io.tributary.session.SessionServiceApplication;
import io.tributary.session.support.KyuubiDtos.Batch;
import io.tributary.session.support.KyuubiDtos.KyuubiSessionEvent;
import io.tributary.session.support.KyuubiDtos.OperationData;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A second server started on the same schema, as after a restart (or a kill -9 of the first): it answers a closed
 * session's history and its operations from PostgreSQL, and ends the batches nobody runs any more.
 */
class HistorySurvivesRestartTest extends SessionServiceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void anotherServerOnTheSameSchemaAnswersClosedSessionsAndEndsAbandonedBatches() throws Exception {
        String session = openSession();
        execute(session, "SELECT 42");
        closeSession(session);
        UUID abandoned = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO batch (id, batch_type, username, name, state, app_state, create_time)
                        VALUES (?, 'SQL', 'anonymous', 'left behind', 'RUNNING', 'RUNNING', ?)""")
                .params(abandoned, System.currentTimeMillis())
                .update();

        try (ConfigurableApplicationContext restarted = startAnotherServer()) {
            int port = ((WebServerApplicationContext) restarted).getWebServer().getPort();

            KyuubiSessionEvent history = JSON.readValue(call(port, "/api/v1/sessions/" + session),
                    KyuubiSessionEvent.class);
            OperationData[] operations = JSON.readValue(call(port, "/api/v1/sessions/" + session + "/operations"),
                    OperationData[].class);
            Batch batch = JSON.readValue(call(port, "/api/v1/batches/" + abandoned), Batch.class);

            assertThat(history.sessionId()).isEqualTo(session);
            assertThat(history.endTime()).isPositive();
            assertThat(operations).extracting(OperationData::statement).containsExactly("SELECT 42");
            assertThat(batch.state()).isEqualTo("ERROR");
            assertThat(batch.appDiagnostic()).contains("stopped");
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
        UUID aliveId = javaBatch(process.pid(), alive);
        UUID endedId = javaBatch(gone.pid(), endedMeanwhile);
        UUID vanishedId = javaBatch(gone.pid(), vanished);

        try (ConfigurableApplicationContext restarted = startAnotherServer()) {
            int port = ((WebServerApplicationContext) restarted).getWebServer().getPort();

            assertThat(JSON.readValue(call(port, "/api/v1/batches/" + aliveId), Batch.class).state())
                    .isEqualTo("RUNNING");
            assertThat(JSON.readValue(call(port, "/api/v1/batches/" + endedId), Batch.class).state())
                    .isEqualTo("FINISHED");
            Batch lost = JSON.readValue(call(port, "/api/v1/batches/" + vanishedId), Batch.class);
            assertThat(lost.state()).isEqualTo("ERROR");
            assertThat(lost.appDiagnostic()).contains("without an exit status");
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

    private UUID javaBatch(long pid, Path workDir) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO batch (id, batch_type, username, state, app_state, create_time, pid, work_dir)
                        VALUES (?, 'JAVA', 'anonymous', 'RUNNING', 'RUNNING', ?, ?, ?)""")
                .params(id, System.currentTimeMillis(), pid, workDir.toString())
                .update();
        return id;
    }

    private static ConfigurableApplicationContext startAnotherServer() {
        TestInfrastructure infra = TestInfrastructure.get();
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("SERVER_PORT", "0");
        properties.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        properties.put("DB_URL", infra.jdbcUrl());
        properties.put("DB_USER", infra.user());
        properties.put("DB_PASSWORD", infra.password());
        properties.put("DB_SCHEMA", SCHEMA);
        properties.put("kyuubi.engine.jdbc.url", engineUrl(ENGINE_DATABASE));
        properties.put("kyuubi.engine.jdbc.user", ENGINE_ROLE);
        properties.put("kyuubi.engine.jdbc.password", ENGINE_ROLE);
        return TributaryApplication.builder(SessionServiceApplication.class, SessionServiceApplication.NAME,
                WebApplicationType.SERVLET).properties(properties).run();
    }

    private static String call(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
