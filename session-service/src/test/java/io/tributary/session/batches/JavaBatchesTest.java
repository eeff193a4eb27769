package io.tributary.session.batches;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.Batch;
import io.tributary.session.support.KyuubiDtos.BatchRequest;
import io.tributary.session.support.KyuubiDtos.CloseBatchResponse;
import io.tributary.session.support.KyuubiDtos.OperationLog;
import io.tributary.session.support.AnotherServer;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

class JavaBatchesTest extends SessionServiceIntegrationTest {

    private static final String MAIN = SampleBatchMain.class.getName();

    @Test
    void javaBatchRunsTheMainClassOfTheUploadedJarAsAChildJvm() throws IOException {
        Batch submitted = submit(new BatchRequest("JAVA", null, MAIN, "hello", null, List.of("big", "world")));

        Batch done = awaitBatch(submitted.id(), Set.of("FINISHED", "ERROR"));

        assertThat(done.state()).as(done.appDiagnostic()).isEqualTo("FINISHED");
        assertThat(done.appId()).startsWith("java-");
        OperationLog log = read(get("/api/v1/batches/" + submitted.id() + "/localLog"), 200, OperationLog.class);
        assertThat(log.logRowSet()).contains("hello big world");
    }

    @Test
    void aJavaBatchSeesNoneOfTheServersSecretsOnlyItsAllowlistAndConfiguredEnvironment() throws IOException {
        // set by surefire (this module's pom) in the environment of the JVM the server under test runs in
        assertThat(System.getenv("TRIBUTARY_BATCH_TEST_PASSWORD")).as("run through Maven").isNotNull();
        assertThat(System.getenv()).containsKey("PATH");

        Batch submitted = submit(new BatchRequest("JAVA", null, MAIN, "env", null, List.of("env")));
        Batch done = awaitBatch(submitted.id(), Set.of("FINISHED", "ERROR"));

        assertThat(done.state()).as(done.appDiagnostic()).isEqualTo("FINISHED");
        List<String> environment = read(get("/api/v1/batches/" + submitted.id() + "/localLog?size=1000"), 200,
                OperationLog.class).logRowSet();
        assertThat(environment).contains("PATH=" + System.getenv("PATH"), "BATCH_GREETING=configured-for-batches");
        assertThat(environment).noneMatch(line -> line.contains("batch-secret"))
                .noneMatch(line -> line.startsWith("TRIBUTARY_BATCH_TEST_"));
    }

    @Test
    void aConfiguredCommandPrefixStartsTheBatchProcess() throws IOException {
        java.nio.file.Path jar = java.nio.file.Files.createTempFile("sample-batch", ".jar");
        java.nio.file.Files.write(jar, sampleJar());
        java.nio.file.Path elsewhere = java.nio.file.Files.createTempDirectory("prefix-cwd");
        // a stand-in for `sudo -n -u batchuser --`: runs the rest of the command line with its environment reset
        // (env_reset) and, like another OS user that cannot write the server's batch directory, not in it
        try (AnotherServer server = new AnotherServer(SCHEMA, engineUrl(ENGINE_DATABASE), ENGINE_ROLE)
                .with("kyuubi.batch.environment.[BATCH_GREETING]", "configured-for-batches")
                .with("BATCH_COMMAND_PREFIX", "/usr/bin/env,-i,-C," + elsewhere + ",STARTED_THROUGH=prefix")
                .start()) {
            java.net.http.HttpResponse<String> response = server.request("POST", "/api/v1/batches",
                    json(new BatchRequest("JAVA", jar.toString(), MAIN, "prefixed", null, List.of("env"))));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String id = JSON.readValue(response.body(), Batch.class).id();

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Batch batch = JSON.readValue(server.request("GET", "/api/v1/batches/" + id, null).body(), Batch.class);
            while (!Set.of("FINISHED", "ERROR").contains(batch.state()) && System.nanoTime() < deadline) {
                sleep(100);
                batch = JSON.readValue(server.request("GET", "/api/v1/batches/" + id, null).body(), Batch.class);
            }

            assertThat(batch.state()).as(batch.appDiagnostic()).isEqualTo("FINISHED");
            assertThat(JSON.readValue(server.request("GET", "/api/v1/batches/" + id + "/localLog?size=1000", null)
                    .body(), OperationLog.class).logRowSet())
                    .contains("STARTED_THROUGH=prefix", "BATCH_GREETING=configured-for-batches")
                    .noneMatch(line -> line.contains("batch-secret"));
            assertThat(elsewhere.resolve(JavaBatches.EXIT)).as("the wrapper records the status, not the prefixed user")
                    .doesNotExist();
        } finally {
            java.nio.file.Files.deleteIfExists(jar);
            java.nio.file.Files.deleteIfExists(elsewhere.resolve(JavaBatches.EXIT));
            java.nio.file.Files.deleteIfExists(elsewhere);
        }
    }

    @Test
    void missingMainClassOrFailingMainEndsInErrorWithItsDiagnostic() throws IOException {
        Batch missing = submit(new BatchRequest("JAVA", null, "no.such.Main", null, null, null));
        Batch failing = submit(new BatchRequest("JAVA", null, MAIN, null, null, List.of("fail")));

        assertThat(awaitBatch(missing.id(), Set.of("ERROR")).appDiagnostic()).contains("no.such.Main");
        assertThat(awaitBatch(failing.id(), Set.of("ERROR")).appDiagnostic())
                .contains("status 3", "failing on purpose");
    }

    @Test
    void deleteKillsTheBatchProcess() throws IOException {
        Batch sleeping = submit(new BatchRequest("JAVA", null, MAIN, null, null, List.of("sleep")));
        awaitBatch(sleeping.id(), Set.of("RUNNING"));
        long pid = Long.parseLong(read(get("/api/v1/batches/" + sleeping.id()), 200, Batch.class).appId()
                .substring("java-".length()));

        CloseBatchResponse killed = read(request("DELETE", "/api/v1/batches/" + sleeping.id(), null, null), 200,
                CloseBatchResponse.class);

        assertThat(killed.success()).isTrue();
        assertThat(read(get("/api/v1/batches/" + sleeping.id()), 200, Batch.class).state()).isEqualTo("CANCELED");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void javaBatchWithoutClassNameOrJarIsRefused() {
        assertThat(postJson("/api/v1/batches", new BatchRequest("JAVA", "/no/such.jar", MAIN, null, null, null))
                .statusCode()).isEqualTo(400);
        assertThat(postJson("/api/v1/batches", new BatchRequest("JAVA", null, null, null, null, null))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void uploadedFilenamesWithoutAFileNameFallBackToADefaultName() throws IOException {
        for (String filename : List.of("/", "..", ".", "../..")) {
            Batch submitted = read(upload(new BatchRequest("JAVA", null, MAIN, "odd name", null, List.of("x")),
                    filename), 200, Batch.class);

            Batch done = awaitBatch(submitted.id(), Set.of("FINISHED", "ERROR"));
            assertThat(done.state()).as(filename + ": " + done.appDiagnostic()).isEqualTo("FINISHED");
        }
    }

    @Test
    void aFilenameNoPathCanHoldIsABadRequest() {
        assertThat(JavaBatches.uploadName("/", "resource.jar")).isEqualTo("resource.jar");
        assertThat(JavaBatches.uploadName("..", "resource.jar")).isEqualTo("resource.jar");
        assertThat(JavaBatches.uploadName("dir/job.jar", "resource.jar")).isEqualTo("job.jar");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JavaBatches.uploadName("a\u0000.jar", "r.jar"))
                .isInstanceOf(io.tributary.session.errors.KyuubiException.class)
                .hasMessageContaining("Invalid resourceFile filename");
    }

    private Batch submit(BatchRequest request) throws IOException {
        return read(upload(request, "sample.jar"), 200, Batch.class);
    }

    private java.net.http.HttpResponse<String> upload(BatchRequest request, String filename) throws IOException {
        String boundary = "----tributary" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"batchRequest\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + json(request) + "\r\n--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"resourceFile\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(sampleJar());
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(URI.create(url("/api/v1/batches")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    private static byte[] sampleJar() throws IOException {
        String entry = MAIN.replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes);
             InputStream in = SampleBatchMain.class.getClassLoader().getResourceAsStream(entry)) {
            jar.putNextEntry(new JarEntry(entry));
            in.transferTo(jar);
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private Batch awaitBatch(String id, Set<String> states) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Batch batch = read(get("/api/v1/batches/" + id), 200, Batch.class);
        while (!states.contains(batch.state()) && System.nanoTime() < deadline) {
            sleep(100);
            batch = read(get("/api/v1/batches/" + id), 200, Batch.class);
        }
        assertThat(batch.state()).as(batch.toString()).isIn(states);
        return batch;
    }
}
