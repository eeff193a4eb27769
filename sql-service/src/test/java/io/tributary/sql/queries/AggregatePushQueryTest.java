package io.tributary.sql.queries;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.web.KsqlClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a push query may aggregate that a persistent query may not, as ksqlDB allows it: no GROUP BY (one group of
 * all rows), a grouping key left out of the projection, a projection of the key alone.
 */
class AggregatePushQueryTest extends KsqlClient {

    private static final Map<String, Object> EARLIEST = Map.of("ksql.streams.auto.offset.reset", "earliest");

    private HttpResponse<String> query(String sql) {
        String body = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(Map.of("ksql", sql,
                "streamsProperties", EARLIEST));
        return post("/query", "application/vnd.ksql.v1+json", body, "Accept", "application/vnd.ksql.v1+json");
    }

    private String stream(String prefix, String columns) {
        String name = uniqueName(prefix);
        HttpResponse<String> created = ksql("CREATE STREAM " + name + " (" + columns + ") WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return name;
    }

    private static String rows(HttpResponse<String> response) {
        return response.body().replaceAll("\n+", "").replaceAll("\"queryId\":\"[^\"]*\",", "");
    }

    @Test
    void aggregatesWithoutGroupByCountAllRowsAsOneGroup() {
        String name = stream("readings", "ID INT");
        produce(name, List.of(new String[] {null, "{\"ID\":2}"}, new String[] {null, "{\"ID\":2}"}));

        HttpResponse<String> response = query("SELECT SUM(ID) AS SUM, COUNT(*) AS COUNT FROM " + name
                + " EMIT CHANGES LIMIT 2;");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(rows(response)).isEqualTo("[{\"header\":{\"schema\":\"`SUM` INTEGER, `COUNT` BIGINT\"}},"
                + "{\"row\":{\"columns\":[2,1]}},{\"row\":{\"columns\":[4,2]}},{\"finalMessage\":\"Limit Reached\"}]");
    }

    @Test
    void persistentQueryRefusesAggregatesWithoutGroupBy() {
        String name = stream("readings", "ID INT");

        HttpResponse<String> refused = ksql("CREATE TABLE " + uniqueName("total") + " AS SELECT COUNT(*) AS N FROM "
                + name + ";");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(object(refused)).containsEntry("error_code", 40001).containsEntry("message", "CREATE TABLE AS "
                + "SELECT statement does not support aggregate function [COUNT(ROWTIME)] without a GROUP BY clause.");
    }

    @Test
    void pushQueryOmitsAGroupingKeyItDoesNotSelect() {
        String name = stream("readings", "ID INT");
        produce(name, List.of(new String[] {null, "{\"ID\":-2}"}, new String[] {null, "{\"ID\":2}"}));

        HttpResponse<String> response = query("SELECT COUNT(*) AS N FROM " + name + " GROUP BY ABS(ID) EMIT CHANGES"
                + " LIMIT 2;");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(rows(response)).isEqualTo("[{\"header\":{\"schema\":\"`N` BIGINT\"}},"
                + "{\"row\":{\"columns\":[1]}},{\"row\":{\"columns\":[2]}},{\"finalMessage\":\"Limit Reached\"}]");
        HttpResponse<String> refused = ksql("CREATE TABLE " + uniqueName("counts") + " AS SELECT COUNT(*) AS N FROM "
                + name + " GROUP BY ABS(ID);");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat((String) object(refused).get("message"))
                .contains("must include the grouping expression ABS(ID) in its projection");
    }

    @Test
    void pushQueryMayProjectItsGroupingKeyAlone() {
        String name = stream("visits", "K STRING KEY, IGNORED INT");
        produce(name, List.of(new String[] {"a", "{}"}, new String[] {"a", "{}"}, new String[] {"a", "{}"}));

        HttpResponse<String> response = query("SELECT K FROM " + name + " GROUP BY K HAVING COUNT(K) > 1 EMIT CHANGES"
                + " LIMIT 2;");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(rows(response)).isEqualTo("[{\"header\":{\"schema\":\"`K` STRING\"}},"
                + "{\"row\":{\"columns\":[\"a\"]}},{\"row\":{\"columns\":[\"a\"]}},{\"finalMessage\":\"Limit Reached\"}]");
        HttpResponse<String> refused = ksql("CREATE TABLE " + uniqueName("repeats") + " AS SELECT K FROM " + name
                + " GROUP BY K HAVING COUNT(K) > 1;");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(object(refused)).containsEntry("message", "The projection contains no value columns.");
    }
}
