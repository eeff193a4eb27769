package io.tributary.session.batches;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.AnotherServer;
import io.tributary.session.support.KyuubiDtos.Batch;
import io.tributary.session.support.KyuubiDtos.BatchRequest;
import io.tributary.session.support.KyuubiDtos.OperationLog;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * SPARK batches on a server with a spark-submit configured ({@code SPARK_SUBMIT}): a small shell script stands in
 * for the external program, prints the arguments it was given and exits 0, or 1 when asked to fail. (The shared test
 * server has none: BatchesTest proves Kyuubi's "SPARK_HOME is not set!" 400.)
 */
class SparkBatchesTest extends SessionServiceIntegrationTest {

    @Test
    void sparkBatchRunsSparkSubmitWithKyuubisArgumentsAndIsKeptAcrossARestart() throws Exception {
        Path sparkSubmit = fakeSparkSubmit();
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executor.memory", "1g");
        conf.put("spark.master", "local[2]");
        Batch finished;
        Batch failed;
        List<String> log;
        try (AnotherServer server = new AnotherServer(SCHEMA, engineUrl(ENGINE_DATABASE), ENGINE_ROLE)
                .with("SPARK_SUBMIT", sparkSubmit.toString()).start()) {
            Batch submitted = submit(server, new BatchRequest("SPARK", "/opt/apps/spark-examples.jar",
                    "org.apache.spark.examples.SparkPi", "Spark Pi", conf, List.of("10", "two words")));
            Batch failing = submit(server, new BatchRequest("SPARK", "/opt/apps/spark-examples.jar",
                    "org.apache.spark.examples.SparkPi", "failing", Map.of(), List.of("fail")));

            finished = await(server, submitted.id(), Set.of("FINISHED", "ERROR"));
            failed = await(server, failing.id(), Set.of("FINISHED", "ERROR"));
            log = localLog(server, submitted.id());
        }

        assertThat(finished.state()).as(finished.appDiagnostic()).isEqualTo("FINISHED");
        assertThat(finished.batchType()).isEqualTo("SPARK");
        assertThat(finished.appId()).startsWith("spark-submit-");
        assertThat(finished.endTime()).isPositive();
        assertThat(log).containsExactly(
                "--class", "org.apache.spark.examples.SparkPi",
                "--conf", "spark.app.name=Spark Pi",
                "--conf", "spark.kyuubi.batch.id=" + finished.id(),
                "--conf", "spark.executor.memory=1g",
                "--conf", "spark.master=local[2]",
                "--proxy-user", "anonymous",
                "/opt/apps/spark-examples.jar", "10", "two words");
        assertThat(failed.state()).isEqualTo("ERROR");
        assertThat(failed.appDiagnostic()).contains("exited with status 1").contains("failing as asked");

        try (AnotherServer restarted = new AnotherServer(SCHEMA, engineUrl(ENGINE_DATABASE), ENGINE_ROLE).start()) {
            Batch again = JSON.readValue(restarted.request("GET", "/api/v1/batches/" + finished.id(), null).body(),
                    Batch.class);
            assertThat(again.state()).isEqualTo("FINISHED");
            assertThat(localLog(restarted, finished.id())).isEqualTo(log);
        }
    }

    private static Path fakeSparkSubmit() throws IOException {
        Path dir = Files.createTempDirectory("fake-spark");
        Path script = dir.resolve("spark-submit");
        Files.writeString(script, """
                #!/bin/sh
                for argument in "$@"; do echo "$argument"; done
                case "$*" in *fail*) echo "failing as asked"; exit 1;; esac
                exit 0
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static Batch submit(AnotherServer server, BatchRequest request) {
        HttpResponse<String> response = server.request("POST", "/api/v1/batches", json(request));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), Batch.class);
    }

    private static Batch await(AnotherServer server, String id, Set<String> states) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Batch batch = JSON.readValue(server.request("GET", "/api/v1/batches/" + id, null).body(), Batch.class);
        while (!states.contains(batch.state()) && System.nanoTime() < deadline) {
            sleep(100);
            batch = JSON.readValue(server.request("GET", "/api/v1/batches/" + id, null).body(), Batch.class);
        }
        assertThat(batch.state()).isIn(states);
        return batch;
    }

    private static List<String> localLog(AnotherServer server, String id) {
        return JSON.readValue(server.request("GET", "/api/v1/batches/" + id + "/localLog?size=100", null).body(),
                OperationLog.class).logRowSet();
    }
}
