package io.tributary.session.batches;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.Batch;
import io.tributary.session.support.KyuubiDtos.BatchRequest;
import io.tributary.session.support.KyuubiDtos.CloseBatchResponse;
import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.GetBatchesResponse;
import io.tributary.session.support.KyuubiDtos.OperationLog;
import io.tributary.session.support.SessionServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchesTest extends SessionServiceIntegrationTest {

    @Test
    void sqlBatchRunsItsScriptOnTheEngineAndKeepsItsLog() {
        String table = TestInfrastructure.uniqueName("batch");
        Batch submitted = read(postJson("/api/v1/batches", new BatchRequest("sql", "CREATE TABLE " + table
                + " (id int, note text); INSERT INTO " + table + " VALUES (1, 'a;b'), (2, $$c;d$$); -- done;\n"
                + "SELECT * FROM " + table, null, "nightly", Map.of(), List.of())), 200, Batch.class);

        assertThat(submitted.user()).isEqualTo("anonymous");
        assertThat(submitted.batchType()).isEqualTo("SQL");
        assertThat(submitted.name()).isEqualTo("nightly");
        Batch done = awaitBatch(submitted.id(), Set.of("FINISHED"));
        assertThat(done.endTime()).isGreaterThanOrEqualTo(done.appStartTime()).isPositive();
        assertThat(done.appId()).isNotBlank();
        OperationLog log = read(get("/api/v1/batches/" + submitted.id() + "/localLog?from=0&size=100"), 200,
                OperationLog.class);
        assertThat(log.logRowSet()).contains("Running 3 statement(s)", "Statement 2 updated 2 row(s)",
                "Statement 3 returned 2 row(s)", "Finished");
        assertThat(read(get("/api/v1/batches/" + submitted.id() + "/localLog?from=1&size=1"), 200,
                OperationLog.class).logRowSet()).singleElement().asString().startsWith("Statement 1: CREATE TABLE");
        CloseBatchResponse late = read(request("DELETE", "/api/v1/batches/" + submitted.id(), null, null), 200,
                CloseBatchResponse.class);
        assertThat(late.success()).isFalse();
    }

    @Test
    void failingStatementEndsTheBatchInErrorWithTheEngineDiagnostic() {
        Batch submitted = read(postJson("/api/v1/batches", new BatchRequest("SQL",
                "SELECT 1; SELECT * FROM no_such_batch_table", null, null, null, null)), 200, Batch.class);

        Batch failed = awaitBatch(submitted.id(), Set.of("ERROR"));

        assertThat(failed.appDiagnostic()).contains("no_such_batch_table");
    }

    @Test
    void deleteKillsARunningBatchWhichStaysReadable() {
        Batch submitted = read(postJson("/api/v1/batches", new BatchRequest("SQL", "SELECT pg_sleep(30)", null,
                "sleeper", null, null)), 200, Batch.class);
        awaitBatch(submitted.id(), Set.of("RUNNING"));

        CloseBatchResponse killed = read(request("DELETE", "/api/v1/batches/" + submitted.id(), null, null), 200,
                CloseBatchResponse.class);

        assertThat(killed.success()).isTrue();
        assertThat(read(get("/api/v1/batches/" + submitted.id()), 200, Batch.class).state()).isEqualTo("CANCELED");
    }

    @Test
    void onlyTheBatchOwnerOrAnAdministratorMayKillIt() {
        String owner = TestInfrastructure.uniqueName("owner");
        String other = TestInfrastructure.uniqueName("other");
        Batch submitted = read(postJson("/api/v1/batches", new BatchRequest("SQL", "SELECT pg_sleep(30)", null,
                "mine", null, null), "Authorization", basicAuth(owner)), 200, Batch.class);
        awaitBatch(submitted.id(), Set.of("RUNNING"));

        Envelope refused = read(request("DELETE", "/api/v1/batches/" + submitted.id(), null, null, "Authorization",
                basicAuth(other)), 405, Envelope.class);
        Envelope anonymous = read(request("DELETE", "/api/v1/batches/" + submitted.id(), null, null), 405,
                Envelope.class);

        assertThat(refused.message()).isEqualTo(other + " is not allowed to close the session belong to " + owner);
        assertThat(anonymous.message()).startsWith("anonymous is not allowed");
        assertThat(read(get("/api/v1/batches/" + submitted.id()), 200, Batch.class).state()).isEqualTo("RUNNING");
        assertThat(read(request("DELETE", "/api/v1/batches/" + submitted.id(), null, null, "Authorization",
                basicAuth(ADMIN)), 200, CloseBatchResponse.class).success()).isTrue();
    }

    @Test
    void multipartSubmissionRunsTheUploadedScript() {
        String boundary = "----tributary" + System.nanoTime();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"batchRequest\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"batchType\":\"SQL\",\"name\":\"uploaded\"}\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"resourceFile\"; filename=\"job.sql\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + "SELECT 1; SELECT 2;\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/api/v1/batches")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));

        Batch submitted = read(response, 200, Batch.class);
        assertThat(awaitBatch(submitted.id(), Set.of("FINISHED")).name()).isEqualTo("uploaded");
    }

    @Test
    void batchesAreListedWithFilters() {
        String user = TestInfrastructure.uniqueName("user");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":x").getBytes());
        Batch first = read(postJson("/api/v1/batches", new BatchRequest("SQL", "SELECT 1", null, "one", null, null),
                "Authorization", basic), 200, Batch.class);
        Batch second = read(postJson("/api/v1/batches", new BatchRequest("SQL", "SELECT 2", null, "two", null, null),
                "Authorization", basic), 200, Batch.class);
        awaitBatch(first.id(), Set.of("FINISHED"));
        awaitBatch(second.id(), Set.of("FINISHED"));

        GetBatchesResponse mine = read(get("/api/v1/batches?batchUser=" + user + "&batchType=sql"), 200,
                GetBatchesResponse.class);
        GetBatchesResponse newestFirst = read(get("/api/v1/batches?batchUser=" + user + "&desc=true&size=1"), 200,
                GetBatchesResponse.class);
        GetBatchesResponse finished = read(get("/api/v1/batches?batchUser=" + user + "&batchState=FINISHED&from=1"),
                200, GetBatchesResponse.class);

        assertThat(mine.batches()).extracting(Batch::id).containsExactly(first.id(), second.id());
        assertThat(mine.total()).isEqualTo(2);
        assertThat(newestFirst.batches()).extracting(Batch::id).containsExactly(second.id());
        assertThat(finished.from()).isEqualTo(1);
        assertThat(finished.batches()).extracting(Batch::id).containsExactly(second.id());
    }

    @Test
    void badBatchRequestsAnswer4xxNever500() {
        assertThat(read(postJson("/api/v1/batches", new BatchRequest("MAGIC", "x", null, null, null, null)), 400,
                Envelope.class).message()).contains("MAGIC");
        assertThat(read(postJson("/api/v1/batches", new BatchRequest("SPARK", "app.jar", "Main", null, null,
                null)), 400, Envelope.class).message()).startsWith("SPARK_HOME is not set!").contains("spark-submit");
        assertThat(postJson("/api/v1/batches", new BatchRequest("SQL", null, null, null, null, null)).statusCode())
                .isEqualTo(400);
        assertThat(postJson("/api/v1/batches", new BatchRequest(null, "SELECT 1", null, null, null, null))
                .statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/batches", "application/json", "").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/batches", "text/plain", "SELECT 1").statusCode()).isEqualTo(415);
        assertThat(get("/api/v1/batches?batchState=SLEEPING").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/batches/7b3c2f4e-0000-4000-8000-000000000002").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/batches/nope/localLog").statusCode()).isEqualTo(404);
        assertThat(request("DELETE", "/api/v1/batches/7b3c2f4e-0000-4000-8000-000000000002", null, null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void sparkResourceClassOrCredentialConfsThatWouldChangeWhoTheBatchRunsAsAreRefused() {
        assertThat(read(postJson("/api/v1/batches", new BatchRequest("SPARK", "--proxy-user=hdfs", "Main", null,
                null, null)), 400, Envelope.class).message()).contains("--proxy-user=hdfs").contains("must not start");
        assertThat(read(postJson("/api/v1/batches", new BatchRequest("PYSPARK", " -v", null, null, null, null)),
                400, Envelope.class).message()).contains("must not start");
        assertThat(read(postJson("/api/v1/batches", new BatchRequest("SPARK", "app.jar", "--proxy-user=hdfs", null,
                null, null)), 400, Envelope.class).message()).contains("className").contains("must not start");
        assertThat(read(postJson("/api/v1/batches", new BatchRequest("JAVA", "app.jar", "-javaagent:/tmp/a.jar",
                null, null, null)), 400, Envelope.class).message()).contains("must not start");
        for (String key : List.of("spark.kerberos.keytab", "spark.kerberos.principal", "spark.yarn.keytab",
                "spark.yarn.principal")) {
            assertThat(read(postJson("/api/v1/batches", new BatchRequest("SPARK", "app.jar", "Main", null,
                    Map.of(key, "hdfs"), null)), 400, Envelope.class).message()).as(key)
                    .contains(key).contains("not allowed");
        }
    }

    private Batch awaitBatch(String id, Set<String> states) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Batch batch = read(get("/api/v1/batches/" + id), 200, Batch.class);
        while (!states.contains(batch.state()) && System.nanoTime() < deadline) {
            sleep(50);
            batch = read(get("/api/v1/batches/" + id), 200, Batch.class);
        }
        assertThat(batch.state()).as(batch.toString()).isIn(states);
        return batch;
    }
}
