package io.tributary.session.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.Batch;
import io.tributary.session.support.KyuubiDtos.BatchRequest;
import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.GetBatchesResponse;
import io.tributary.session.support.KyuubiDtos.KyuubiOperationEvent;
import io.tributary.session.support.KyuubiDtos.OperationData;
import io.tributary.session.support.KyuubiDtos.OperationHandle;
import io.tributary.session.support.KyuubiDtos.OperationLog;
import io.tributary.session.support.KyuubiDtos.ResultRowSet;
import io.tributary.session.support.KyuubiDtos.ResultSetMetaData;
import io.tributary.session.support.KyuubiDtos.SessionData;
import io.tributary.session.support.KyuubiDtos.SessionHandle;
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

/**
 * Requests exactly as Kyuubi's Java {@code kyuubi-rest-client} 1.10 sends them: a JSON content type on every
 * request (GET and DELETE too, with no body), bodiless POSTs for the refresh calls, every list filter of
 * {@code BatchRestApi.listBatches} (including {@code batchName} and {@code desc}), and its multipart layout
 * ({@code batchRequest} as JSON with the client's version in its conf, {@code resourceFile}, and one part per extra
 * resource named after its file).
 */
class KyuubiRestClientRequestsTest extends SessionServiceIntegrationTest {

    private static final String CLIENT_CONTENT_TYPE = "application/json";

    @Test
    void bodilessGetsAndDeletesWithTheClientsJsonContentTypeAreServed() {
        String user = TestInfrastructure.uniqueName("client");
        // the client's BASIC auth: upper-case scheme, empty password when none is given
        String auth = "BASIC " + java.util.Base64.getEncoder()
                .encodeToString((user + ":").getBytes(StandardCharsets.UTF_8));
        String session = read(post("/api/v1/sessions", CLIENT_CONTENT_TYPE,
                json(Map.of("configs", Map.of("kyuubi.client.version", "1.10.1"))), "Authorization", auth), 200,
                SessionHandle.class).identifier();
        String operation = read(post("/api/v1/sessions/" + session + "/operations/statement", CLIENT_CONTENT_TYPE,
                json(Map.of("statement", "SELECT 1 AS one", "runAsync", false, "queryTimeout", 0,
                        "confOverlay", Map.of())), "Authorization", auth), 200,
                OperationHandle.class).identifier();

        SessionData[] sessions = read(clientGet("/api/v1/sessions", auth), 200, SessionData[].class);
        assertThat(read(clientGet("/api/v1/operations/" + operation + "/event", auth), 200,
                KyuubiOperationEvent.class).state())
                .isEqualTo("FINISHED_STATE");
        ResultSetMetaData metadata = read(clientGet("/api/v1/operations/" + operation + "/resultsetmetadata", auth),
                200, ResultSetMetaData.class);
        ResultRowSet rows = read(clientGet("/api/v1/operations/" + operation + "/rowset", auth), 200,
                ResultRowSet.class);
        OperationLog log = read(clientGet("/api/v1/operations/" + operation + "/log?maxrows=10", auth), 200,
                OperationLog.class);
        HttpResponse<String> closed = send(clientRequest("/api/v1/sessions/" + session).DELETE(),
                "Authorization", auth);

        assertThat(sessions).filteredOn(data -> data.identifier().equals(session))
                .singleElement().satisfies(data -> assertThat(data.user()).isEqualTo(user));
        assertThat(metadata.columns()).singleElement().satisfies(column ->
                assertThat(column.columnName()).isEqualTo("one"));
        assertThat(rows.rowCount()).isEqualTo(1);
        assertThat(log.rowCount()).isEqualTo(log.logRowSet().size());
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
    }

    @Test
    void refreshCallsArePostsWithoutABody() {
        for (String what : List.of("hadoop_conf", "user_defaults_conf", "unlimited_users")) {
            HttpResponse<String> refreshed = send(clientRequest("/api/v1/admin/refresh/" + what)
                    .POST(HttpRequest.BodyPublishers.noBody()), "Authorization", basicAuth(ADMIN));

            assertThat(refreshed.statusCode()).as(what + ": " + refreshed.body()).isEqualTo(200);
            assertThat(refreshed.body()).contains("successfully");
        }
    }

    @Test
    void batchesAreListedByNameWithEveryParameterTheClientSends() {
        String user = TestInfrastructure.uniqueName("lister");
        String auth = basicAuth(user);
        Batch nightly = read(postJson("/api/v1/batches", new BatchRequest("SQL", "SELECT 1", null, "nightly",
                Map.of("kyuubi.client.version", "1.10.1"), List.of()), "Authorization", auth), 200, Batch.class);
        Batch hourly = read(postJson("/api/v1/batches", new BatchRequest("SQL", "SELECT 2", null, "hourly",
                Map.of("kyuubi.client.version", "1.10.1"), List.of()), "Authorization", auth), 200, Batch.class);
        awaitBatch(nightly.id());
        awaitBatch(hourly.id());

        GetBatchesResponse byName = read(clientGet("/api/v1/batches?batchType=SQL&batchUser=" + user
                + "&batchName=nightly&from=0&size=10&desc=false", auth), 200, GetBatchesResponse.class);
        GetBatchesResponse anyName = read(clientGet("/api/v1/batches?batchUser=" + user
                + "&from=0&size=10&desc=true", auth), 200, GetBatchesResponse.class);

        assertThat(byName.batches()).extracting(Batch::id).containsExactly(nightly.id());
        assertThat(byName.total()).isEqualTo(1);
        assertThat(anyName.batches()).extracting(Batch::id).containsExactly(hourly.id(), nightly.id());
    }

    @Test
    void multipartSubmissionWithTheClientsExtraResourcePartsRunsTheUploadedScript() {
        String boundary = "----kyuubiclient" + System.nanoTime();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"batchRequest\"\r\n"
                + "Content-Type: application/json; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + json(new BatchRequest("SQL", null, null, "uploaded-by-client",
                        Map.of("kyuubi.client.version", "1.10.1"), List.of())) + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"resourceFile\"; filename=\"job.sql\"\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "SELECT 1; SELECT 2;\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"lookup.csv\"; filename=\"lookup.csv\"\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "a,b\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url("/api/v1/batches")))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary + "; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));

        Batch submitted = read(response, 200, Batch.class);
        assertThat(awaitBatch(submitted.id()).name()).isEqualTo("uploaded-by-client");
    }

    @Test
    void adminListingsFilterBySessionTypeAsTheClientAsks() {
        String user = TestInfrastructure.uniqueName("typed");
        String session = read(post("/api/v1/sessions", CLIENT_CONTENT_TYPE, json(Map.of("configs", Map.of())),
                "Authorization", basicAuth(user)), 200, SessionHandle.class).identifier();
        String operation = read(post("/api/v1/sessions/" + session + "/operations/statement", CLIENT_CONTENT_TYPE,
                json(Map.of("statement", "SELECT 1", "runAsync", false)), "Authorization", basicAuth(user)), 200,
                OperationHandle.class).identifier();
        String admin = basicAuth(ADMIN);

        SessionData[] interactive = read(clientGet("/api/v1/admin/sessions?users=" + user
                + "&sessionType=INTERACTIVE", admin), 200, SessionData[].class);
        SessionData[] batch = read(clientGet("/api/v1/admin/sessions?users=" + user + "&sessionType=BATCH", admin),
                200, SessionData[].class);
        OperationData[] operations = read(clientGet("/api/v1/admin/operations?users=" + user + "&sessionHandle="
                + session + "&sessionType=INTERACTIVE", admin), 200, OperationData[].class);
        OperationData[] batchOperations = read(clientGet("/api/v1/admin/operations?users=" + user
                + "&sessionType=BATCH", admin), 200, OperationData[].class);
        Envelope unknown = read(clientGet("/api/v1/admin/sessions?sessionType=SOMETIMES", admin), 400,
                Envelope.class);

        assertThat(interactive).extracting(SessionData::identifier).containsExactly(session);
        assertThat(batch).isEmpty();
        assertThat(operations).extracting(OperationData::identifier).containsExactly(operation);
        assertThat(batchOperations).isEmpty();
        assertThat(unknown.message()).contains("SOMETIMES");
        HttpResponse<String> closed = send(clientRequest("/api/v1/admin/sessions/" + session).DELETE(),
                "Authorization", admin);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
    }

    @Test
    void metadataOperationsWithoutArgumentsArePostedWithAnEmptyJsonBody() {
        String auth = basicAuth(TestInfrastructure.uniqueName("meta"));
        String session = read(post("/api/v1/sessions", CLIENT_CONTENT_TYPE, json(Map.of("configs", Map.of())),
                "Authorization", auth), 200, SessionHandle.class).identifier();

        for (String kind : List.of("typeInfo", "catalogs", "tableTypes")) {
            HttpResponse<String> submitted = send(clientRequest("/api/v1/sessions/" + session + "/operations/" + kind)
                    .POST(HttpRequest.BodyPublishers.ofString("")), "Authorization", auth);
            String operation = read(submitted, 200, OperationHandle.class).identifier();
            assertThat(read(clientGet("/api/v1/operations/" + operation + "/event", auth), 200,
                    KyuubiOperationEvent.class).state()).as(kind).isEqualTo("FINISHED_STATE");
        }
        HttpResponse<String> info = clientGet("/api/v1/sessions/" + session + "/info/18", auth);
        assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
        assertThat(info.body()).contains("\"infoType\":\"CLI_DBMS_VER\"");
    }

    private HttpRequest.Builder clientRequest(String path) {
        return HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", CLIENT_CONTENT_TYPE);
    }

    private HttpResponse<String> clientGet(String path, String auth) {
        return send(clientRequest(path).GET(), "Authorization", auth);
    }

    private Batch awaitBatch(String id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Batch batch = read(get("/api/v1/batches/" + id), 200, Batch.class);
        while (!Set.of("FINISHED", "ERROR").contains(batch.state()) && System.nanoTime() < deadline) {
            sleep(100);
            batch = read(get("/api/v1/batches/" + id), 200, Batch.class);
        }
        assertThat(batch.state()).as(batch.appDiagnostic()).isEqualTo("FINISHED");
        return batch;
    }
}
