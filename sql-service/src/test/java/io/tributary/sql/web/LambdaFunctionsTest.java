package io.tributary.sql.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TRANSFORM, FILTER and REDUCE with lambdas in persistent, push, pull and /query/service queries. */
class LambdaFunctionsTest extends KsqlClient {

    private static final Map<String, Object> EARLIEST = Map.of("ksql.streams.auto.offset.reset", "earliest");

    private String orders;

    @BeforeEach
    void orders() {
        orders = uniqueName("baskets");
        HttpResponse<String> created = ksql("CREATE STREAM " + orders + " (ID STRING KEY, QTYS ARRAY<INT>,"
                + " PRICES MAP<STRING, DOUBLE>, BONUS INT) WITH (KAFKA_TOPIC='" + orders
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        produce(orders, List.of(
                new String[] {"a", "{\"QTYS\":[1,2,3],\"PRICES\":{\"tea\":0.5,\"cake\":2.5},\"BONUS\":10}"},
                new String[] {"b", "{\"QTYS\":[],\"PRICES\":{},\"BONUS\":1}"},
                new String[] {"c", "{\"QTYS\":null,\"PRICES\":null,\"BONUS\":2}"}));
    }

    private HttpResponse<String> query(String sql) {
        String body = JSON.writeValueAsString(Map.of("ksql", sql, "streamsProperties", EARLIEST));
        return post("/query", "application/vnd.ksql.v1+json", body, "Accept", "application/vnd.ksql.v1+json");
    }

    private static String rows(HttpResponse<String> response) {
        return response.body().lines().filter(l -> l.contains("\"row\"")).map(l -> l.replaceAll("(,|])$", ""))
                .collect(Collectors.joining("\n"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void csasWithTransformFilterAndReduceWritesTheComputedCollectionsAndDescribeShowsTheirTypes() {
        String sink = uniqueName("basket_stats");
        HttpResponse<String> created = ksql("CREATE STREAM " + sink + " AS SELECT ID,"
                + " TRANSFORM(QTYS, q => q * BONUS) AS SCALED,"
                + " FILTER(QTYS, q => q > 1) AS BIG,"
                + " REDUCE(QTYS, 0, (s, q) => s + q) AS TOTAL,"
                + " TRANSFORM(PRICES, (k, v) => UCASE(k), (k, v) => v * 2) AS DOUBLED,"
                + " FILTER(PRICES, (k, v) => v > 1) AS PRICEY,"
                + " REDUCE(PRICES, CAST(0 AS DOUBLE), (s, k, v) => s + v * REDUCE(QTYS, 0, (n, q) => n + q)) AS BILL"
                + " FROM " + orders + " EMIT CHANGES;", EARLIEST);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        List<ConsumerRecord<String, String>> output = consume(sink, 3, Duration.ofSeconds(60));

        assertThat(output).extracting(ConsumerRecord::key).containsExactly("a", "b", "c");
        assertThat(json(output.get(0).value())).isEqualTo(Map.of("SCALED", List.of(10, 20, 30), "BIG", List.of(2, 3),
                "TOTAL", 6, "DOUBLED", Map.of("TEA", 1.0, "CAKE", 5.0), "PRICEY", Map.of("cake", 2.5), "BILL", 18.0));
        assertThat(json(output.get(1).value())).isEqualTo(Map.of("SCALED", List.of(), "BIG", List.of(), "TOTAL", 0,
                "DOUBLED", Map.of(), "PRICEY", Map.of(), "BILL", 0.0));
        Map<String, Object> nulls = new java.util.HashMap<>();
        nulls.put("SCALED", null);
        nulls.put("BIG", null);
        nulls.put("TOTAL", 0);
        nulls.put("DOUBLED", null);
        nulls.put("PRICEY", null);
        nulls.put("BILL", 0.0);
        assertThat(json(output.get(2).value())).isEqualTo(nulls);

        HttpResponse<String> described = ksql("DESCRIBE " + sink + ";");
        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
        Map<String, Object> description = (Map<String, Object>) entities(described).get(0).get("sourceDescription");
        assertThat((List<Map<String, Object>>) description.get("fields"))
                .extracting(f -> f.get("name") + " " + typeText((Map<String, Object>) f.get("schema")))
                .containsExactly("ID STRING", "SCALED ARRAY<INTEGER>", "BIG ARRAY<INTEGER>", "TOTAL INTEGER",
                        "DOUBLED MAP<STRING, DOUBLE>", "PRICEY MAP<STRING, DOUBLE>", "BILL DOUBLE");
    }

    @SuppressWarnings("unchecked")
    private static String typeText(Map<String, Object> schema) {
        String type = (String) schema.get("type");
        return switch (type) {
            case "ARRAY" -> "ARRAY<" + typeText((Map<String, Object>) schema.get("memberSchema")) + ">";
            case "MAP" -> "MAP<STRING, " + typeText((Map<String, Object>) schema.get("memberSchema")) + ">";
            default -> type;
        };
    }

    @Test
    void pushAndPullQueriesComputeLambdasInTheirProjectionAndFilter() {
        HttpResponse<String> pushed = query("SELECT ID, TRANSFORM(QTYS, q => q + BONUS) AS PLUS FROM " + orders
                + " WHERE ARRAY_LENGTH(FILTER(QTYS, q => q >= 3)) > 0 EMIT CHANGES LIMIT 1;");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
        assertThat(pushed.body()).contains("`PLUS` ARRAY<INTEGER>");
        assertThat(rows(pushed)).isEqualTo("{\"row\":{\"columns\":[\"a\",[11,12,13]]}}");

        HttpResponse<String> pulled = query("SELECT ID, REDUCE(QTYS, 100, (s, q) => s - q) AS REST FROM " + orders
                + " WHERE REDUCE(PRICES, 0, (n, k, v) => n + 1) < 2;");
        assertThat(pulled.statusCode()).as(pulled.body()).isEqualTo(200);
        assertThat(pulled.body()).contains("`REST` INTEGER");
        // c's collections are NULL: REDUCE answers its initial state
        assertThat(rows(pulled)).isEqualTo("{\"row\":{\"columns\":[\"b\",100]}}\n{\"row\":{\"columns\":[\"c\",100]}}");
    }

    @Test
    void aggregatesFeedLambdasAndLambdasFeedAggregatesInACtas() throws InterruptedException {
        String table = uniqueName("basket_totals");
        HttpResponse<String> created = ksql("CREATE TABLE " + table + " AS SELECT BONUS,"
                + " REDUCE(COLLECT_LIST(REDUCE(QTYS, 0, (s, q) => s + q)), 0, (s, t) => s + t * BONUS) AS WEIGHTED"
                + " FROM " + orders + " GROUP BY BONUS;", EARLIEST);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        String sql = "SELECT BONUS, WEIGHTED FROM " + table + " WHERE BONUS = 10;";
        long deadline = System.currentTimeMillis() + 30_000;
        HttpResponse<String> pulled = query(sql);
        while (rows(pulled).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            pulled = query(sql);
        }

        assertThat(pulled.body()).contains("`WEIGHTED` INTEGER");
        assertThat(rows(pulled)).isEqualTo("{\"row\":{\"columns\":[10,60]}}");
    }

    @Test
    void queryServiceRunsLambdasThroughTheBoundedEngine() {
        String statement = "SELECT ID, FILTER(TRANSFORM(QTYS, q => q * q), q => q > 1) AS SQUARES FROM " + orders
                + " WHERE QTYS IS NOT NULL;";
        HttpResponse<String> response = post("/query/service", "application/x-www-form-urlencoded",
                "statement=" + URLEncoder.encode(statement, StandardCharsets.UTF_8));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(String.valueOf(object(response).get("results")))
                .isEqualTo("[{ID=a, SQUARES=[4, 9]}, {ID=b, SQUARES=[]}]");
    }

    @Test
    void misusedLambdasAreStatementErrors() {
        Map<String, String> misuses = Map.of(
                "SELECT TRANSFORM(QTYS, (a, b) => a) AS X FROM " + orders + " EMIT CHANGES;",
                "Function 'TRANSFORM' does not accept parameters (ARRAY<INTEGER>, LAMBDA (A, B) => A).",
                "SELECT ABS(q => q) AS X FROM " + orders + " EMIT CHANGES;",
                "Function 'ABS' does not accept a lambda function argument",
                "SELECT TRANSFORM(QTYS, q => nope + q) AS X FROM " + orders + " EMIT CHANGES;",
                "Column 'NOPE' cannot be resolved.",
                "SELECT FILTER(QTYS, q => q + 1) AS X FROM " + orders + " EMIT CHANGES;",
                "The lambda function of FILTER must return BOOLEAN",
                "SELECT TRANSFORM(QTYS, (q, q) => q) AS X FROM " + orders + " EMIT CHANGES;",
                "Duplicate lambda arguments are not allowed");
        misuses.forEach((select, message) -> {
            HttpResponse<String> response = ksql("CREATE STREAM " + uniqueName("bad") + " AS " + select, EARLIEST);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            Map<String, Object> body = object(response);
            assertThat(body).containsEntry("@type", "statement_error").containsEntry("error_code", 40001);
            assertThat(body.get("message").toString()).contains(message);
        });
    }
}
