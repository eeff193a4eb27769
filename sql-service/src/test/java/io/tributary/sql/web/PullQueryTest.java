package io.tributary.sql.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullQueryTest extends KsqlClient {

    private HttpResponse<String> query(String sql) {
        String body = JSON.writeValueAsString(Map.of("ksql", sql, "streamsProperties",
                Map.of("ksql.streams.auto.offset.reset", "earliest")));
        return post("/query", "application/vnd.ksql.v1+json", body, "Accept", "application/vnd.ksql.v1+json");
    }

    /** The rows of a pull query answer, waiting until {@code expected} of them are there (a CTAS may lag). */
    private String pullUntil(String sql, String expectedBody) {
        long deadline = System.currentTimeMillis() + 30_000;
        String body;
        do {
            HttpResponse<String> response = query(sql);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            body = response.body().replaceAll("\"queryId\":\"query_\\d+\"", "\"queryId\":\"ID\"");
            if (body.equals(expectedBody)) {
                return body;
            }
            sleep();
        } while (System.currentTimeMillis() < deadline);
        return body;
    }

    private void produceAt(String topic, String key, String value, long timestamp) {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, timestamp, key, value));
            producer.flush();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What another instance asks of this one (ksqlDB's inter-node request properties): rows of the named partitions
     * of the table's state store only, each key in the partition Kafka Streams hashes its bytes to.
     */
    @Test
    void aForwardedPullQueryReadsOnlyThePartitionsItNames() {
        String input = uniqueName("accounts");
        String table = uniqueName("accounts_q");
        assertThat(ksql("CREATE TABLE " + input + " (ID STRING PRIMARY KEY, BALANCE INT) WITH (KAFKA_TOPIC='"
                + input + "', VALUE_FORMAT='JSON', PARTITIONS=4);").statusCode()).isEqualTo(200);
        assertThat(ksql("CREATE TABLE " + table + " AS SELECT * FROM " + input + ";",
                Map.of("ksql.streams.auto.offset.reset", "earliest")).statusCode()).isEqualTo(200);
        List<String> keys = java.util.stream.IntStream.range(0, 12).mapToObj(i -> "acct" + i).toList();
        produce(input, keys.stream().map(k -> new String[] {k, "{\"BALANCE\":1}"}).toList());
        long deadline = System.currentTimeMillis() + 30_000;
        while (rowKeys("SELECT * FROM " + table + ";", Map.of()).size() < keys.size()
                && System.currentTimeMillis() < deadline) {
            sleep();
        }

        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int partition = 0; partition < 4; partition++) {
            int p = partition;
            List<String> expected = keys.stream().filter(k -> org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(k.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                    % 4 == p).sorted().toList();
            List<String> answered = rowKeys("SELECT * FROM " + table + ";", Map.of(
                    "request.ksql.query.pull.skip.forwarding", true, "request.ksql.query.pull.partition",
                    String.valueOf(partition)));
            assertThat(answered).as("partition %d", partition).isEqualTo(expected);
            seen.addAll(answered);
            // a key lookup routed to the wrong partition finds nothing there
            String elsewhere = keys.stream().filter(k -> !expected.contains(k)).findFirst().orElseThrow();
            assertThat(rowKeys("SELECT * FROM " + table + " WHERE ID = '" + elsewhere + "';", Map.of(
                    "request.ksql.query.pull.skip.forwarding", true, "request.ksql.query.pull.partition",
                    String.valueOf(partition)))).isEmpty();
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(keys);

        HttpResponse<String> refused = post("/query", "application/vnd.ksql.v1+json", JSON.writeValueAsString(Map.of(
                "ksql", "SELECT * FROM " + table + ";", "requestProperties", Map.of(
                        "request.ksql.query.pull.skip.forwarding", true, "request.ksql.query.pull.partition", "x"))),
                "Accept", "application/vnd.ksql.v1+json");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(object(refused)).containsEntry("error_code", 40001);
    }

    @SuppressWarnings("unchecked")
    private List<String> rowKeys(String sql, Map<String, Object> requestProperties) {
        String body = JSON.writeValueAsString(Map.of("ksql", sql, "requestProperties", requestProperties));
        HttpResponse<String> response = post("/query", "application/vnd.ksql.v1+json", body, "Accept",
                "application/vnd.ksql.v1+json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> keys = new java.util.ArrayList<>();
        for (Map<String, Object> element : (List<Map<String, Object>>) JSON.readValue(response.body(), List.class)) {
            if (element.get("row") instanceof Map<?, ?> row) {
                keys.add((String) ((List<Object>) row.get("columns")).get(0));
            }
        }
        return keys.stream().sorted().toList();
    }

    @Test
    void pullQueryOnACtasTableAnswersTheLatestRowPerKeyWithoutFinalMessage() {
        String input = uniqueName("users");
        String table = uniqueName("users_q");
        assertThat(ksql("CREATE TABLE " + input + " (ID STRING PRIMARY KEY, NAME STRING, AGE INT) WITH (KAFKA_TOPIC='"
                + input + "', VALUE_FORMAT='JSON', PARTITIONS=2);").statusCode()).isEqualTo(200);
        assertThat(ksql("CREATE TABLE " + table + " AS SELECT * FROM " + input + ";",
                Map.of("ksql.streams.auto.offset.reset", "earliest")).statusCode()).isEqualTo(200);
        produce(input, List.of(new String[] {"a", "{\"NAME\":\"ann\",\"AGE\":30}"},
                new String[] {"b", "{\"NAME\":\"bob\",\"AGE\":40}"},
                new String[] {"a", "{\"NAME\":\"anna\",\"AGE\":31}"},
                new String[] {"c", "{\"NAME\":\"cid\",\"AGE\":50}"},
                new String[] {"c", null}));

        String header = "[{\"header\":{\"queryId\":\"ID\",\"schema\":\"`ID` STRING KEY, `NAME` STRING, `AGE` INTEGER\"}}";
        assertThat(pullUntil("SELECT * FROM " + table + " WHERE ID = 'a';", header
                + ",\n{\"row\":{\"columns\":[\"a\",\"anna\",31]}}]"))
                .isEqualTo(header + ",\n{\"row\":{\"columns\":[\"a\",\"anna\",31]}}]");
        assertThat(pullUntil("SELECT * FROM " + table + " WHERE ID IN ('b', 'c', 'zz');", header
                + ",\n{\"row\":{\"columns\":[\"b\",\"bob\",40]}}]"))
                .isEqualTo(header + ",\n{\"row\":{\"columns\":[\"b\",\"bob\",40]}}]");
        assertThat(pullUntil("SELECT NAME, AGE * 2 AS DOUBLED FROM " + table + " WHERE AGE > 35;",
                "[{\"header\":{\"queryId\":\"ID\",\"schema\":\"`NAME` STRING, `DOUBLED` INTEGER\"}},\n"
                        + "{\"row\":{\"columns\":[\"bob\",80]}}]"))
                .isEqualTo("[{\"header\":{\"queryId\":\"ID\",\"schema\":\"`NAME` STRING, `DOUBLED` INTEGER\"}},\n"
                        + "{\"row\":{\"columns\":[\"bob\",80]}}]");
        assertThat(pullUntil("SELECT * FROM " + table + " WHERE ID = 'missing';", header + "]"))
                .isEqualTo(header + "]");

        long[] nanos = new long[20];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            assertThat(query("SELECT * FROM " + table + " WHERE ID = 'b';").statusCode()).isEqualTo(200);
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        System.out.printf("Pull query key lookup (HTTP round trip, the table's state store): p50 %.1f ms, max %.1f ms%n",
                nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6);
    }

    @Test
    void pullQueryOnAStreamScansItToTheEndAndCompletes() {
        String stream = uniqueName("events");
        ksql("CREATE STREAM " + stream + " (K STRING KEY, V INT) WITH (KAFKA_TOPIC='" + stream
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        produce(stream, List.of(new String[] {"x", "{\"V\":1}"}, new String[] {"y", "{\"V\":2}"},
                new String[] {"z", "{\"V\":3}"}));

        HttpResponse<String> response = query("SELECT K, V FROM " + stream + " WHERE V >= 2;");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body().replaceAll("\"queryId\":\"query_\\d+\"", "\"queryId\":\"ID\"")).isEqualTo(
                "[{\"header\":{\"queryId\":\"ID\",\"schema\":\"`K` STRING KEY, `V` INTEGER\"}},\n"
                        + "{\"row\":{\"columns\":[\"y\",2]}},\n{\"row\":{\"columns\":[\"z\",3]}},\n"
                        + "{\"finalMessage\":\"Query Completed\"}]");
        HttpResponse<String> limited = query("SELECT V FROM " + stream + " LIMIT 1;");
        assertThat(limited.body()).contains("{\"row\":{\"columns\":[1]}},\n{\"finalMessage\":\"Query Completed\"}]")
                .doesNotContain("[2]");
    }

    @Test
    void pullQueryOnANonMaterializedTableOrWithGroupByIsRefusedAsKsqlDbRefusesIt() {
        String table = uniqueName("plain");
        ksql("CREATE TABLE " + table + " (ID STRING PRIMARY KEY, V INT) WITH (KAFKA_TOPIC='" + table
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");

        HttpResponse<String> plain = query("SELECT * FROM " + table + " WHERE ID = 'a';");
        assertThat(plain.statusCode()).isEqualTo(400);
        Map<String, Object> error = object(plain);
        assertThat(error).containsEntry("@type", "statement_error").containsEntry("error_code", 40001)
                .containsEntry("statementText", "SELECT * FROM " + table + " WHERE ID = 'a';");
        assertThat((String) error.get("message")).startsWith("The `" + table + "` table isn't queryable. To derive a "
                + "queryable table, you can do 'CREATE TABLE QUERYABLE_" + table + " AS SELECT * FROM " + table
                + "'. See https://cnfl.io/queries for more info.");

        HttpResponse<String> grouped = query("SELECT ID FROM " + table + " GROUP BY ID;");
        assertThat(grouped.statusCode()).isEqualTo(400);
        assertThat(object(grouped)).containsEntry("message", "Pull queries don't support GROUP BY clauses");

        String stream = uniqueName("positions");
        ksql("CREATE STREAM " + stream + " (V INT) WITH (KAFKA_TOPIC='" + stream + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        HttpResponse<String> offsets = query("SELECT V, CASE WHEN V > 0 THEN ROWOFFSET END AS O FROM " + stream + ";");
        assertThat(offsets.statusCode()).isEqualTo(400);
        assertThat(object(offsets)).containsEntry("message",
                "Pull queries don't support the following columns in SELECT clauses: `ROWOFFSET`");
        HttpResponse<String> partitions = query("SELECT V FROM " + stream + " WHERE ROWPARTITION = 0;");
        assertThat(object(partitions)).containsEntry("message",
                "Pull queries don't support the following columns in WHERE clauses: `ROWPARTITION`");

        HttpResponse<String> unknown = query("SELECT * FROM NO_SUCH_TABLE_X;");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat((String) object(unknown).get("message")).contains("NO_SUCH_TABLE_X does not exist");
    }

    @Test
    void pullQueryOnAGroupByAggregateLooksUpKeysAndScans() {
        String input = uniqueName("clicks");
        String table = uniqueName("clicks_per_user");
        assertThat(ksql("CREATE STREAM " + input + " (ID STRING KEY, V INT) WITH (KAFKA_TOPIC='" + input
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        assertThat(ksql("CREATE TABLE " + table + " AS SELECT ID, COUNT(1) AS CNT, SUM(V) AS TOTAL FROM " + input
                + " GROUP BY ID;", Map.of("ksql.streams.auto.offset.reset", "earliest")).statusCode())
                .isEqualTo(200);
        produce(input, List.of(new String[] {"a", "{\"V\":1}"}, new String[] {"b", "{\"V\":2}"},
                new String[] {"a", "{\"V\":3}"}));

        String header = "[{\"header\":{\"queryId\":\"ID\",\"schema\":\"`ID` STRING KEY, `CNT` BIGINT, `TOTAL` INTEGER\"}}";
        String a = ",\n{\"row\":{\"columns\":[\"a\",2,4]}}";
        String b = ",\n{\"row\":{\"columns\":[\"b\",1,2]}}";
        assertThat(pullUntil("SELECT * FROM " + table + " WHERE ID = 'a';", header + a + "]"))
                .isEqualTo(header + a + "]");
        assertThat(pullUntil("SELECT * FROM " + table + " WHERE ID IN ('a', 'b');", header + a + b + "]"))
                .isEqualTo(header + a + b + "]");
        assertThat(pullUntil("SELECT * FROM " + table + ";", header + a + b + "]")).isEqualTo(header + a + b + "]");
    }

    @Test
    void pullQueryOnAWindowedAggregateAnswersWindowBoundsAsKeysAndFiltersOnThem() {
        String input = uniqueName("hits");
        String table = uniqueName("hits_per_second");
        assertThat(ksql("CREATE STREAM " + input + " (ID STRING KEY, V INT) WITH (KAFKA_TOPIC='" + input
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        assertThat(ksql("CREATE TABLE " + table + " AS SELECT ID, COUNT(1) AS CNT FROM " + input
                + " WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY ID;", Map.of("ksql.streams.auto.offset.reset",
                "earliest")).statusCode()).isEqualTo(200);
        produceAt(input, "a", "{\"V\":1}", 1582501512456L);
        produceAt(input, "a", "{\"V\":1}", 1582501512600L);
        produceAt(input, "a", "{\"V\":1}", 1582501513100L);

        String header = "[{\"header\":{\"queryId\":\"ID\",\"schema\":\"`ID` STRING KEY, `WINDOWSTART` BIGINT KEY,"
                + " `WINDOWEND` BIGINT KEY, `CNT` BIGINT\"}}";
        String first = ",\n{\"row\":{\"columns\":[\"a\",1582501512000,1582501513000,2]}}";
        String second = ",\n{\"row\":{\"columns\":[\"a\",1582501513000,1582501514000,1]}}";
        assertThat(pullUntil("SELECT * FROM " + table + " WHERE ID = 'a';", header + first + second + "]"))
                .isEqualTo(header + first + second + "]");
        assertThat(pullUntil("SELECT * FROM " + table + " WHERE ID = 'a' AND WINDOWSTART = 1582501513000;",
                header + second + "]")).isEqualTo(header + second + "]");
        assertThat(pullUntil("SELECT * FROM " + table + " WHERE ID = 'a' AND WINDOWSTART >= '2020-02-23T23:45:12'"
                + " AND WINDOWEND <= '2020-02-23T23:45:13';", header + first + "]")).isEqualTo(header + first + "]");
        assertThat(pullUntil("SELECT CNT, ID FROM " + table + " WHERE ID = 'a' AND WINDOWSTART > 1582501513000;",
                "[{\"header\":{\"queryId\":\"ID\",\"schema\":\"`CNT` BIGINT, `ID` STRING KEY\"}}]"))
                .isEqualTo("[{\"header\":{\"queryId\":\"ID\",\"schema\":\"`CNT` BIGINT, `ID` STRING KEY\"}}]");

        String noScans = JSON.writeValueAsString(Map.of("ksql", "SELECT * FROM " + table + " WHERE WINDOWSTART > 0;",
                "streamsProperties", Map.of("ksql.query.pull.table.scan.enabled", false)));
        HttpResponse<String> refused = post("/query", "application/vnd.ksql.v1+json", noScans);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(object(refused)).containsEntry("error_code", 40001).containsEntry("message",
                "WHERE clause missing key column for disjunct: (WINDOWSTART > 0)");
    }

    @Test
    void pullQueryOnTheStreamingEndpointAnswersMetadataThenOneArrayPerRow() {
        String input = uniqueName("visits");
        String table = uniqueName("visits_per_page");
        assertThat(ksql("CREATE STREAM " + input + " (PAGE STRING KEY, V INT) WITH (KAFKA_TOPIC='" + input
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        assertThat(ksql("CREATE TABLE " + table + " AS SELECT PAGE, COUNT(*) AS N FROM " + input + " GROUP BY PAGE;",
                Map.of("ksql.streams.auto.offset.reset", "earliest")).statusCode()).isEqualTo(200);
        produce(input, List.of(new String[] {"home", "{\"V\":1}"}, new String[] {"home", "{\"V\":2}"}));
        pullUntil("SELECT * FROM " + table + " WHERE PAGE = 'home';", "[{\"header\":{\"queryId\":\"ID\",\"schema\":"
                + "\"`PAGE` STRING KEY, `N` BIGINT\"}},\n{\"row\":{\"columns\":[\"home\",2]}}]");

        String body = JSON.writeValueAsString(Map.of("sql", "SELECT * FROM " + table + " WHERE PAGE = 'home';"));
        HttpResponse<String> delimited = post("/query-stream", "application/vnd.ksqlapi.delimited.v1", body,
                "Accept", "application/vnd.ksqlapi.delimited.v1");
        assertThat(delimited.statusCode()).as(delimited.body()).isEqualTo(200);
        String[] lines = delimited.body().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(json(lines[0])).containsEntry("columnNames", List.of("PAGE", "N"))
                .containsEntry("columnTypes", List.of("STRING", "BIGINT")).containsKey("queryId");
        assertThat(lines[1]).isEqualTo("[\"home\",2]");
    }
}
