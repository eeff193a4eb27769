package io.tributary.sql.queries;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.web.KsqlClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rows of push queries that run a persistent query's topology (PARTITION BY, windowed GROUP BY, joins) as the client
 * sees them: each value as its column's type shows it, the window bounds, a key-only projection, a deleted table row.
 */
class StatefulPushRowsTest extends KsqlClient {

    private static final Map<String, Object> EARLIEST = Map.of("ksql.streams.auto.offset.reset", "earliest",
            "ksql.streams.statestore.cache.max.bytes", 0);

    private HttpResponse<String> query(String sql) {
        String body = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(Map.of("ksql", sql,
                "streamsProperties", EARLIEST));
        return post("/query", "application/vnd.ksql.v1+json", body, "Accept", "application/vnd.ksql.v1+json");
    }

    private static String rows(HttpResponse<String> response) {
        return response.body().replaceAll("\n+", "").replaceAll("\"queryId\":\"[^\"]*\",", "");
    }

    private void create(String statement) {
        HttpResponse<String> created = ksql(statement);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    @Test
    void aRepartitionedRowShowsEachTypeAsItsColumnDoes() {
        String name = uniqueName("typed");
        create("CREATE STREAM " + name + " (ID STRING KEY, G INT, D DECIMAL(6,2), B BYTES, TS TIMESTAMP, DT DATE,"
                + " TM TIME, S STRUCT<A INT, B STRING>, A ARRAY<DOUBLE>, M MAP<STRING, DECIMAL(4,1)>)"
                + " WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        produceAt(name, List.of(
                new Object[] {"r1", "{\"G\":1,\"D\":1.5,\"B\":\"AQI=\",\"TS\":1700000000123,\"DT\":19000,"
                        + "\"TM\":3723004,\"S\":{\"A\":1,\"B\":\"x\"},\"A\":[1.0,2.5,null],\"M\":{\"k\":2}}", 1000L},
                new Object[] {"r2", "{\"G\":2}", 2000L}));

        HttpResponse<String> response = query("SELECT G, ID, D, B, TS, DT, TM, S, A, M FROM " + name
                + " PARTITION BY G EMIT CHANGES LIMIT 2;");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(rows(response)).isEqualTo("[{\"header\":{\"schema\":\"`G` INTEGER, `ID` STRING, `D` DECIMAL(6, 2), "
                + "`B` BYTES, `TS` TIMESTAMP, `DT` DATE, `TM` TIME, `S` STRUCT<`A` INTEGER, `B` STRING>, "
                + "`A` ARRAY<DOUBLE>, `M` MAP<STRING, DECIMAL(4, 1)>\"}},"
                + "{\"row\":{\"columns\":[1,\"r1\",1.50,\"AQI=\",\"2023-11-14T22:13:20.123\",\"2022-01-08\","
                + "\"01:02:03.004\",{\"A\":1,\"B\":\"x\"},[1.0,2.5,null],{\"k\":2.0}]}},"
                + "{\"row\":{\"columns\":[2,\"r2\",null,null,null,null,null,null,null,null]}},"
                + "{\"finalMessage\":\"Limit Reached\"}]");
    }

    @Test
    void aWindowedAggregationShowsItsBoundsAndDecimalsWhereSelectedAndMayProjectItsKeyAlone() {
        String name = uniqueName("priced");
        create("CREATE STREAM " + name + " (K STRING KEY, D DECIMAL(6,2)) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        produceAt(name, List.of(new Object[] {"a", "{\"D\":1.5}", 1000L}, new Object[] {"a", "{\"D\":2.5}", 1500L},
                new Object[] {"a", "{\"D\":0.1}", 2500L}));
        String windowed = " FROM " + name + " WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY K";

        HttpResponse<String> sums = query("SELECT WINDOWEND, K, SUM(D) AS T, WINDOWSTART" + windowed
                + " EMIT CHANGES LIMIT 3;");
        HttpResponse<String> keys = query("SELECT K" + windowed + " HAVING COUNT(*) > 0 EMIT CHANGES LIMIT 3;");

        assertThat(sums.statusCode()).as(sums.body()).isEqualTo(200);
        assertThat(rows(sums)).isEqualTo("[{\"header\":{\"schema\":\"`WINDOWEND` BIGINT, `K` STRING, "
                + "`T` DECIMAL(6, 2), `WINDOWSTART` BIGINT\"}},"
                + "{\"row\":{\"columns\":[2000,\"a\",1.50,1000]}},{\"row\":{\"columns\":[2000,\"a\",4.00,1000]}},"
                + "{\"row\":{\"columns\":[3000,\"a\",0.10,2000]}},{\"finalMessage\":\"Limit Reached\"}]");
        assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
        assertThat(rows(keys)).isEqualTo("[{\"header\":{\"schema\":\"`K` STRING\"}},"
                + "{\"row\":{\"columns\":[\"a\"]}},{\"row\":{\"columns\":[\"a\"]}},{\"row\":{\"columns\":[\"a\"]}},"
                + "{\"finalMessage\":\"Limit Reached\"}]");
    }

    /** The delete's key is read in the left table's key format (KAFKA here), as its record key carries it. */
    @Test
    void aRowDeletedFromATableJoinReachesTheClientAsATombstoneWithItsKey() {
        String left = uniqueName("accounts");
        String right = uniqueName("owners");
        create("CREATE TABLE " + left + " (K STRING PRIMARY KEY, V INT) WITH (KAFKA_TOPIC='" + left
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        create("CREATE TABLE " + right + " (K STRING PRIMARY KEY, W STRING) WITH (KAFKA_TOPIC='" + right
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        produceAt(right, List.<Object[]>of(new Object[] {"a", "{\"W\":\"x\"}", 1000L}));
        produceAt(left, List.of(new Object[] {"a", "{\"V\":1}", 2000L}, new Object[] {"a", null, 3000L}));

        HttpResponse<String> response = query("SELECT " + left + ".K AS K, V, W FROM " + left + " JOIN " + right
                + " ON " + left + ".K = " + right + ".K EMIT CHANGES LIMIT 2;");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(rows(response)).isEqualTo("[{\"header\":{\"schema\":\"`K` STRING, `V` INTEGER, `W` STRING\"}},"
                + "{\"row\":{\"columns\":[\"a\",1,\"x\"]}},"
                + "{\"row\":{\"columns\":[\"a\",null,null],\"tombstone\":true}},{\"finalMessage\":\"Limit Reached\"}]");
    }
}
