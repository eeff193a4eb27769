package io.tributary.sql.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.queries.PushQueries;
import io.tributary.sql.queries.PushQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class PushQueryTest extends KsqlClient {

    @Autowired
    PushQueries pushQueries;

    private HttpResponse<String> query(String sql) {
        String body = JSON.writeValueAsString(Map.of("ksql", sql,
                "streamsProperties", Map.of("ksql.streams.auto.offset.reset", "earliest")));
        return post("/query", "application/vnd.ksql.v1+json", body, "Accept", "application/vnd.ksql.v1+json");
    }

    @Test
    void pushQueryWithLimitStreamsHeaderRowsAndFinalMessage() {
        String name = uniqueName("clicks");
        assertThat(ksql("CREATE STREAM " + name + " (USERID STRING KEY, PAGE STRING, MS BIGINT) WITH (KAFKA_TOPIC='"
                + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        produce(name, List.of(new String[] {"u1", "{\"PAGE\":\"home\",\"MS\":1}"},
                new String[] {"u2", "{\"PAGE\":\"cart\",\"MS\":2}"},
                new String[] {"u3", "{\"PAGE\":\"home\",\"MS\":3}"}));

        HttpResponse<String> response = query("SELECT USERID, UCASE(PAGE) AS PAGE, MS * 10 FROM " + name
                + " WHERE PAGE = 'home' EMIT CHANGES LIMIT 2;");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String body = response.body().replace("\n\n", "\n").replaceAll("\\[\n+", "[");
        String queryId = json(body.substring(1, body.indexOf(",\n"))).get("header") instanceof Map<?, ?> header
                ? (String) header.get("queryId") : null;
        assertThat(queryId).startsWith("transient_" + name + "_");
        assertThat(body.replaceAll(",\n+", ",\n")).isEqualTo("[{\"header\":{\"queryId\":\"" + queryId + "\",\"schema\":"
                + "\"`USERID` STRING, `PAGE` STRING, `KSQL_COL_0` BIGINT\"}},\n"
                + "{\"row\":{\"columns\":[\"u1\",\"HOME\",10]}},\n"
                + "{\"row\":{\"columns\":[\"u3\",\"HOME\",30]}},\n"
                + "{\"finalMessage\":\"Limit Reached\"}]");
        assertThat(pushQueries.running()).extracting(q -> q.id()).doesNotContain(queryId);
    }

    @Test
    void rowsReachTheClientAsTheyArriveAndAClientGoingAwayTearsDownItsQuery() throws Exception {
        String name = uniqueName("ticks");
        ksql("CREATE STREAM " + name + " (V INT) WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        byte[] payload = JSON.writeValueAsString(Map.of("ksql", "SELECT V + 1 AS W FROM " + name + " EMIT CHANGES;",
                "streamsProperties", Map.of("ksql.streams.auto.offset.reset", "earliest")))
                .getBytes(StandardCharsets.UTF_8);
        String queryId = null;
        // a raw connection: what arrives is exactly what was flushed, and closing it is a client going away
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("POST /query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + payload.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(payload);
            socket.getOutputStream().flush();
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String header = readUntil(reader, "header");
            queryId = header.substring(header.indexOf("transient_"), header.indexOf("\",\"schema\""));
            assertThat(pushQueries.running()).extracting(PushQuery::id).contains(queryId);

            produce(name, List.<String[]>of(new String[] {null, "{\"V\":41}"}));

            assertThat(readUntil(reader, "row")).isEqualTo("{\"row\":{\"columns\":[42]}},");
        } finally {
            String id = queryId;
            long deadline = System.currentTimeMillis() + 15_000;
            while (pushQueries.running().stream().anyMatch(q -> q.id().equals(id))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            List<String> left = pushQueries.running().stream().map(PushQuery::id).toList();
            pushQueries.running().forEach(PushQuery::close);
            assertThat(left).doesNotContain(id);
        }
    }

    private static String readUntil(BufferedReader reader, String marker) throws java.io.IOException {
        long deadline = System.currentTimeMillis() + 30_000;
        String line;
        do {
            line = reader.readLine();
        } while (line != null && !line.contains(marker) && System.currentTimeMillis() < deadline);
        if (line != null && !line.contains(marker)) {
            line = null;
        }
        assertThat(line).as("a line with " + marker).isNotNull();
        return line;
    }

    @Test
    void queryOnAnUnknownSourceIsAStatementErrorBeforeAnyStreaming() {
        HttpResponse<String> response = query("SELECT * FROM NOT_THERE EMIT CHANGES;");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(object(response)).containsEntry("@type", "statement_error").containsEntry("error_code", 40001)
                .containsEntry("statementText", "SELECT * FROM NOT_THERE EMIT CHANGES;");
    }
}
