package io.tributary.sql.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.queries.PushQueries;
import io.tributary.sql.queries.PushQuery;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** ksqlDB's streaming endpoints: /query-stream (HTTP/1.1 and h2c), /close-query, /inserts-stream, /ws/query. */
class StreamingEndpointsTest extends KsqlClient {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Autowired
    PushQueries pushQueries;

    private String streamWithRows(int rows) {
        String name = uniqueName("qs");
        assertThat(ksql("CREATE STREAM " + name + " (K STRING KEY, V INT, S STRING) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        for (int i = 1; i <= rows; i++) {
            produce(name, List.<String[]>of(new String[] {"k" + i, "{\"V\":" + i + ",\"S\":\"s" + i + "\"}"}));
        }
        return name;
    }

    private static String queryStreamBody(String sql) {
        // a field ksqlDB does not know rides along: it is ignored, as ksqlDB ignores it
        return JSON.writeValueAsString(Map.of("sql", sql, "properties", Map.of("auto.offset.reset", "earliest"),
                "someFutureField", true));
    }

    @Test
    void queryStreamAnswersMetadataThenOneDelimitedArrayPerRow() {
        String name = streamWithRows(3);

        HttpResponse<String> response = post("/query-stream", "application/json",
                queryStreamBody("SELECT K, V * 10 AS W, S FROM " + name + " WHERE V > 1 EMIT CHANGES LIMIT 2;"),
                "Accept", "application/vnd.ksqlapi.delimited.v1");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/vnd.ksqlapi.delimited.v1");
        String[] lines = response.body().split("\n", -1);
        Map<String, Object> metadata = json(lines[0]);
        assertThat((String) metadata.get("queryId")).startsWith("transient_" + name + "_");
        assertThat(lines[0]).isEqualTo("{\"queryId\":\"" + metadata.get("queryId") + "\","
                + "\"columnNames\":[\"K\",\"W\",\"S\"],\"columnTypes\":[\"STRING\",\"INTEGER\",\"STRING\"]}");
        assertThat(List.of(lines).subList(1, lines.length))
                .containsExactly("[\"k2\",20,\"s2\"]", "[\"k3\",30,\"s3\"]", "");
    }

    @Test
    void queryStreamReadsItsBodyAsJsonWhateverTheContentTypeAsCurlDashDSendsIt() {
        String name = streamWithRows(2);

        HttpResponse<String> response = post("/query-stream", "application/x-www-form-urlencoded",
                queryStreamBody("SELECT K, V FROM " + name + " EMIT CHANGES LIMIT 2;"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body().split("\n")).contains("[\"k1\",1]", "[\"k2\",2]");
    }

    @Test
    void queryStreamWithJsonAcceptIsOneJsonArray() {
        String name = streamWithRows(2);

        HttpResponse<String> response = post("/query-stream", "application/json",
                queryStreamBody("SELECT V FROM " + name + " EMIT CHANGES LIMIT 2;"), "Accept", "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        List<Object> array = JSON.readValue(response.body(), List.class);
        assertThat(array).hasSize(3);
        assertThat((Map<String, Object>) array.get(0)).containsEntry("columnNames", List.of("V"))
                .containsEntry("columnTypes", List.of("INTEGER"));
        assertThat(array.subList(1, 3)).containsExactly(List.of(1), List.of(2));
    }

    @Test
    void legacyQueryAskedForTheDelimitedTypeAnswersInTheStreamingFraming() {
        String name = streamWithRows(1);
        String body = JSON.writeValueAsString(Map.of("ksql", "SELECT V FROM " + name + " EMIT CHANGES LIMIT 1;",
                "streamsProperties", Map.of("ksql.streams.auto.offset.reset", "earliest")));

        HttpResponse<String> response = post("/query", "application/json", body, "Accept", "*/*");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/vnd.ksqlapi.delimited.v1");
        String[] lines = response.body().split("\n");
        assertThat(json(lines[0])).containsEntry("columnNames", List.of("V"));
        assertThat(lines).hasSize(2).endsWith("[1]");
    }

    @Test
    void insertsStreamWithJsonAcceptAnswersOneJsonArrayOfAcks() {
        String name = uniqueName("insj");
        ksql("CREATE STREAM " + name + " (V INT) WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);");

        HttpResponse<String> response = post("/inserts-stream", "application/json",
                "{\"target\":\"" + name + "\"}\n{\"v\":1}\n{\"v\":2}\n", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[{\"status\":\"ok\",\"seq\":0},{\"status\":\"ok\",\"seq\":1}]");
    }

    @Test
    void queryStreamSpeaksHttp2CleartextWithPriorKnowledge() throws Exception {
        String name = streamWithRows(2);
        try (CloseableHttpAsyncClient h2 = HttpAsyncClients.createHttp2Default()) {
            h2.start();
            SimpleHttpRequest request = SimpleRequestBuilder.post(url("/query-stream"))
                    .setBody(queryStreamBody("SELECT K, V FROM " + name + " EMIT CHANGES LIMIT 2;"),
                            ContentType.APPLICATION_JSON)
                    .build();

            SimpleHttpResponse response = h2.execute(request, null).get(30, TimeUnit.SECONDS);

            assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(response.getCode()).isEqualTo(200);
            String[] lines = response.getBodyText().split("\n");
            assertThat(json(lines[0])).containsEntry("columnNames", List.of("K", "V"));
            assertThat(List.of(lines).subList(1, lines.length)).containsExactly("[\"k1\",1]", "[\"k2\",2]");
        }
    }

    @Test
    void closeQueryEndsARunningPushQueryAndItsStream() throws Exception {
        String name = streamWithRows(1);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/query-stream")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(queryStreamBody("SELECT * FROM " + name + " EMIT CHANGES;")))
                .build();
        HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String queryId = (String) json(lines.readLine()).get("queryId");
            assertThat(lines.readLine()).isEqualTo("[\"k1\",1,\"s1\"]");
            assertThat(pushQueries.find(queryId)).isPresent();

            HttpResponse<String> closed = post("/close-query", "application/json",
                    JSON.writeValueAsString(Map.of("queryId", queryId)));

            assertThat(closed.statusCode()).isEqualTo(200);
            assertThat(closed.body()).isEmpty();
            CompletableFuture<String> end = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (java.io.IOException e) {
                    return "io: " + e;
                }
            });
            assertThat(end.get(15, TimeUnit.SECONDS)).isNull();
            assertThat(pushQueries.find(queryId)).isEmpty();
        }
    }

    @Test
    void anIdleJsonQueryStreamEndsWhenItsHttp11ClientGoesAway() throws Exception {
        String name = streamWithRows(0);
        byte[] payload = queryStreamBody("SELECT * FROM " + name + " EMIT CHANGES;").getBytes(StandardCharsets.UTF_8);
        String queryId;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /query-stream HTTP/1.1\r\nHost: localhost\r\nAccept: application/json"
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + payload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(payload);
            socket.getOutputStream().flush();
            String metadata = readUntil(new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8)), "queryId");
            queryId = (String) json(metadata).get("queryId");
            assertThat(pushQueries.find(queryId)).isPresent();
        }

        awaitGone(queryId);
    }

    @Test
    void anIdleDelimitedQueryStreamEndsWithinSecondsWhenItsClientGoesAway() throws Exception {
        idleDelimitedQueryEndsWhenItsClientGoesAway("");
    }

    @Test
    void anIdleDelimitedQueryStreamThroughTheGatewayEndsWhenItsClientGoesAway() throws Exception {
        // the gateway names the original client; the socket to watch is still the gateway's own connection
        idleDelimitedQueryEndsWhenItsClientGoesAway("X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: http\r\n"
                + "X-Forwarded-Host: ksql.example.com\r\nX-Forwarded-Port: 8088\r\n");
    }

    private void idleDelimitedQueryEndsWhenItsClientGoesAway(String extraHeaders) throws Exception {
        String name = streamWithRows(0);
        byte[] payload = queryStreamBody("SELECT * FROM " + name + " EMIT CHANGES;").getBytes(StandardCharsets.UTF_8);
        String queryId;
        StringBuilder received = new StringBuilder();
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /query-stream HTTP/1.1\r\nHost: localhost\r\nAccept: "
                    + "application/vnd.ksqlapi.delimited.v1\r\nContent-Type: application/json\r\n" + extraHeaders
                    + "Content-Length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(payload);
            socket.getOutputStream().flush();
            String metadata = readUntil(new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8)), "queryId");
            queryId = (String) json(metadata).get("queryId");
            assertThat(shownQueryIds()).contains(queryId);
            // idle for a few polls: the delimited framing gets nothing written, not even keep-alive newlines
            socket.setSoTimeout(2_500);
            try {
                int b;
                while ((b = socket.getInputStream().read()) >= 0) {
                    received.append((char) b);
                }
            } catch (java.net.SocketTimeoutException expected) {
                // nothing came while idle
            }
        }
        assertThat(received.toString().replace("\r\n", "")).as("bytes written while idle").isEmpty();

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (shownQueryIds().contains(queryId) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(shownQueryIds()).as("SHOW QUERIES within 5 s of the client leaving").doesNotContain(queryId);
        assertThat(pushQueries.find(queryId)).isEmpty();
    }

    @Test
    void anIdleDelimitedQueryStreamOnHttp2EndsWhenItsClientCancelsTheStream() throws Exception {
        String name = streamWithRows(0);
        try (CloseableHttpAsyncClient h2 = HttpAsyncClients.createHttp2Default()) {
            h2.start();
            SimpleHttpRequest request = SimpleRequestBuilder.post(url("/query-stream"))
                    .setBody(queryStreamBody("SELECT * FROM " + name + " EMIT CHANGES;"), ContentType.APPLICATION_JSON)
                    .build();
            java.util.concurrent.Future<SimpleHttpResponse> response = h2.execute(request, null);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            java.util.Optional<PushQuery> query = java.util.Optional.empty();
            while (query.isEmpty() && System.nanoTime() < deadline) {
                query = pushQueries.running().stream().filter(q -> q.statementText().contains(name)).findFirst();
                Thread.sleep(50);
            }
            assertThat(query).as("the push query started").isPresent();
            Thread.sleep(1500);

            response.cancel(true);

            String queryId = query.get().id();
            long gone = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (shownQueryIds().contains(queryId) && System.nanoTime() < gone) {
                Thread.sleep(100);
            }
            boolean ended = !shownQueryIds().contains(queryId);
            query.get().close();
            assertThat(ended).as("SHOW QUERIES within 5 s of the stream's cancel").isTrue();
        }
    }

    private List<Object> shownQueryIds() {
        List<Map<String, Object>> queries = (List<Map<String, Object>>) entities(ksql("SHOW QUERIES;")).get(0)
                .get("queries");
        return queries.stream().map(q -> q.get("id")).toList();
    }

    private void awaitGone(String queryId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pushQueries.find(queryId).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        boolean gone = pushQueries.find(queryId).isEmpty();
        pushQueries.find(queryId).ifPresent(PushQuery::close);
        assertThat(gone).as("push query " + queryId + " closed after its client left").isTrue();
    }

    @Test
    void closeQueryOfAnUnknownIdIsABadRequest() {
        HttpResponse<String> response = post("/close-query", "application/json", "{\"queryId\":\"transient_X_1\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(object(response)).containsEntry("@type", "generic_error").containsEntry("error_code", 40000)
                .containsEntry("message", "No query with id transient_X_1");
    }

    @Test
    void insertsStreamAcknowledgesEachRowWhileTheClientIsStillSending() throws Exception {
        String name = uniqueName("ins");
        ksql("CREATE STREAM " + name + " (K STRING KEY, V INT) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        // a raw chunked request: the second row is sent only once the first one's ack has arrived
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /inserts-stream HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            chunk(out, "{\"target\":\"" + name + "\"}\n{\"k\":\"a\",\"v\":1}\n");
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(readUntil(in, "status")).isEqualTo("{\"status\":\"ok\",\"seq\":0}");

            chunk(out, "{\"K\":\"b\",\"V\":2}\n");
            assertThat(readUntil(in, "status")).isEqualTo("{\"status\":\"ok\",\"seq\":1}");

            chunk(out, "{\"K\":\"c\",\"V\":\"not a number\"}\n");
            Map<String, Object> error = json(readUntil(in, "status"));
            assertThat(error).containsEntry("status", "error").containsEntry("seq", 2)
                    .containsEntry("error_code", 40000);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        }

        var records = consume(name, 2, Duration.ofSeconds(15));
        assertThat(records).extracting(r -> r.key() + "=" + r.value())
                .containsExactly("a={\"V\":1}", "b={\"V\":2}");
    }

    @Test
    void aJsonNullBodyIsInvalidJsonOnEveryStreamingEndpoint() {
        for (String path : List.of("/query-stream", "/close-query", "/inserts-stream")) {
            HttpResponse<String> response = post(path, "application/json", "null");

            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(object(response)).containsEntry("@type", "generic_error").containsEntry("error_code", 40000);
            assertThat((String) object(response).get("message")).startsWith("Invalid JSON in request");
        }
    }

    @Test
    void insertsStreamAnswersAnErrorAckForANullOrNonObjectRow() {
        String name = uniqueName("insn");
        ksql("CREATE STREAM " + name + " (V INT) WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        for (String row : List.of("null", "[1]", "7")) {
            HttpResponse<String> response = post("/inserts-stream", "application/json",
                    "{\"target\":\"" + name + "\"}\n{\"v\":1}\n" + row + "\n", "Accept", "application/json");

            assertThat(response.statusCode()).isEqualTo(200);
            List<Map<String, Object>> acks = JSON.readValue(response.body(), List.class);
            assertThat(acks).as(row).hasSize(2);
            assertThat(acks.get(1)).containsEntry("status", "error").containsEntry("seq", 1)
                    .containsEntry("error_code", 40000);
        }
    }

    @Test
    void insertsStreamAnswersAnErrorAckForARowLongerThanTheBound() {
        String name = uniqueName("insl");
        ksql("CREATE STREAM " + name + " (V INT) WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        String huge = "{\"v\":1,\"pad\":\"" + "x".repeat(InsertsStreamResource.MAX_LINE) + "\"}";

        HttpResponse<String> response = post("/inserts-stream", "application/json",
                "{\"target\":\"" + name + "\"}\n" + huge + "\n{\"v\":2}\n", "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        List<Map<String, Object>> acks = JSON.readValue(response.body(), List.class);
        assertThat(acks).singleElement().satisfies(ack -> assertThat(ack).containsEntry("status", "error")
                .containsEntry("seq", 0).containsEntry("message", "Row is longer than "
                        + InsertsStreamResource.MAX_LINE + " characters"));
    }

    @Test
    void insertsStreamIntoAnUnknownTargetIsABadRequest() {
        HttpResponse<String> response = post("/inserts-stream", "application/json", "{\"target\":\"NOT_THERE\"}\n");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(object(response)).containsEntry("error_code", 40000);
    }

    @Test
    void webSocketQuerySendsColumnsThenRowsAndClosesAtTheLimit() throws Exception {
        String name = streamWithRows(2);
        String request = JSON.writeValueAsString(Map.of("ksql", "SELECT K, V FROM " + name + " EMIT CHANGES LIMIT 2;",
                "streamsProperties", Map.of("ksql.streams.auto.offset.reset", "earliest")));
        List<String> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                closed.complete(status + " " + reason);
                return null;
            }
        };

        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws/query?request="
                        + URLEncoder.encode(request, StandardCharsets.UTF_8)), listener)
                .get(10, TimeUnit.SECONDS);

        assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo("1000 done");
        assertThat(messages).hasSize(3);
        List<Map<String, Object>> columns = JSON.readValue(messages.get(0), List.class);
        assertThat(columns).extracting(c -> c.get("name")).containsExactly("K", "V");
        assertThat((Map<String, Object>) columns.get(1).get("schema")).containsEntry("type", "INTEGER");
        assertThat(messages.subList(1, 3)).containsExactly("{\"row\":{\"columns\":[\"k1\",1]}}",
                "{\"row\":{\"columns\":[\"k2\",2]}}");
        // the close frame may reach the client a moment before the query is torn down
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pushQueries.running().stream().anyMatch(q -> q.statementText().contains(name))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(pushQueries.running()).extracting(PushQuery::statementText)
                .noneMatch(s -> s.contains(name));
    }

    private static void chunk(OutputStream out, String text) throws java.io.IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readUntil(BufferedReader reader, String marker) throws java.io.IOException {
        String line;
        do {
            line = reader.readLine();
        } while (line != null && !line.contains(marker));
        assertThat(line).as("a line with " + marker).isNotNull();
        return line.substring(line.indexOf('{'));
    }
}
