package io.tributary.sql.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

/** Push queries on sources whose keys are windowed: the window bounds are part of each row's key. */
class WindowedPushQueryTest extends KsqlClient {

    @Test
    void selectStarOnAWindowedStreamListsTheWindowBoundsAfterTheKey() {
        String name = uniqueName("win_clicks");
        assertThat(ksql("CREATE STREAM " + name + " (K STRING KEY, V INT) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', WINDOW_TYPE='Tumbling', WINDOW_SIZE='1 SECOND', PARTITIONS=1);")
                .statusCode()).isEqualTo(200);
        produceWindowed(name, List.of(
                record(timeWindow("a", 1000), "{\"V\":1}"),
                record(timeWindow("b", 2000), "{\"V\":2}")));

        List<Map<String, Object>> messages = query("SELECT * FROM " + name + " EMIT CHANGES LIMIT 2;");

        assertThat(header(messages)).isEqualTo("`K` STRING, `WINDOWSTART` BIGINT, `WINDOWEND` BIGINT, `V` INTEGER");
        assertThat(rows(messages)).containsExactly(
                Map.of("columns", List.of("a", 1000, 2000, 1)),
                Map.of("columns", List.of("b", 2000, 3000, 2)));
    }

    @Test
    void aFilteredWindowedTableDeletesOnlyRowsItSentAndTheDeleteCarriesTheWindow() {
        String name = uniqueName("win_totals");
        assertThat(ksql("CREATE TABLE " + name + " (K STRING PRIMARY KEY, V INT) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', WINDOW_TYPE='Session', PARTITIONS=1);").statusCode()).isEqualTo(200);
        produceWindowed(name, List.of(
                record(sessionWindow("a", 100, 500), "{\"V\":5}"),
                // filtered out and never in the result: nothing to delete
                record(sessionWindow("b", 100, 500), "{\"V\":-1}"),
                record(sessionWindow("a", 100, 500), "{\"V\":-2}"),
                record(sessionWindow("a", 100, 900), "{\"V\":3}")));

        List<Map<String, Object>> messages = query("SELECT V, WINDOWEND, K FROM " + name
                + " WHERE V > 0 EMIT CHANGES LIMIT 3;");

        assertThat(header(messages)).isEqualTo("`V` INTEGER, `WINDOWEND` BIGINT, `K` STRING");
        assertThat(rows(messages)).containsExactly(
                Map.of("columns", List.of(5, 500, "a")),
                Map.of("columns", Arrays.asList(null, 500, "a"), "tombstone", true),
                Map.of("columns", List.of(3, 900, "a")));
    }

    @Test
    void aForeignKeyJoinOfWindowedTablesIsRefused() {
        String left = uniqueName("win_left");
        String right = uniqueName("win_right");
        ksql("CREATE TABLE " + left + " (K STRING PRIMARY KEY, F1 STRING) WITH (KAFKA_TOPIC='" + left
                + "', VALUE_FORMAT='JSON', WINDOW_TYPE='Tumbling', WINDOW_SIZE='1 SECOND', PARTITIONS=1);");
        ksql("CREATE TABLE " + right + " (K STRING PRIMARY KEY, ID INT) WITH (KAFKA_TOPIC='" + right
                + "', VALUE_FORMAT='JSON', WINDOW_TYPE='Tumbling', WINDOW_SIZE='1 SECOND', PARTITIONS=1);");
        String join = " AS SELECT * FROM " + left + " JOIN " + right + " ON " + left + ".F1 = " + right + ".K";

        HttpResponse<String> push = post("/query", "application/vnd.ksql.v1+json", JSON.writeValueAsString(
                Map.of("ksql", join.substring(4) + " EMIT CHANGES;")), "Accept", "application/vnd.ksql.v1+json");
        HttpResponse<String> persistent = ksql("CREATE TABLE " + uniqueName("win_fk") + join + ";");

        for (HttpResponse<String> response : List.of(push, persistent)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat((String) object(response).get("message"))
                    .contains("Foreign-key table-table joins are not supported on windowed tables.");
        }
    }

    @Test
    void aWindowedAggregationRefusesWindowBoundsBeforeRowsAreWindowed() {
        String name = uniqueName("win_src");
        ksql("CREATE STREAM " + name + " (K INT KEY, V INT) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        String windowed = " FROM " + name + " WINDOW TUMBLING (SIZE 1 SECOND) ";

        Map<String, String> refusals = Map.of(
                "SELECT COUNT(1)" + windowed + "WHERE WINDOWSTART > 1000 GROUP BY K EMIT CHANGES;",
                "Error in WHERE expression: Unknown column WINDOWSTART.",
                "SELECT COUNT(1)" + windowed + "GROUP BY K HAVING MIN(WINDOWEND) > 1000 EMIT CHANGES;",
                "Window bounds column WINDOWEND can only be used in the SELECT clause of windowed aggregations");
        refusals.forEach((sql, message) -> {
            HttpResponse<String> response = post("/query", "application/vnd.ksql.v1+json",
                    JSON.writeValueAsString(Map.of("ksql", sql)), "Accept", "application/vnd.ksql.v1+json");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat((String) object(response).get("message")).contains(message);
        });
    }

    private List<Map<String, Object>> query(String sql) {
        HttpResponse<String> response = post("/query", "application/vnd.ksql.v1+json", JSON.writeValueAsString(
                Map.of("ksql", sql, "streamsProperties", Map.of("ksql.streams.auto.offset.reset", "earliest"))),
                "Accept", "application/vnd.ksql.v1+json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() { });
    }

    @SuppressWarnings("unchecked")
    private static String header(List<Map<String, Object>> messages) {
        return (String) ((Map<String, Object>) messages.get(0).get("header")).get("schema");
    }

    private static List<Object> rows(List<Map<String, Object>> messages) {
        return messages.stream().filter(m -> m.containsKey("row")).map(m -> m.get("row")).toList();
    }

    /** A time window's key as Kafka Streams writes it: the key, then the window start. */
    private static byte[] timeWindow(String key, long start) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(k.length + 8).put(k).putLong(start).array();
    }

    /** A session window's key: the key, then the window end and start. */
    private static byte[] sessionWindow(String key, long start, long end) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(k.length + 16).put(k).putLong(end).putLong(start).array();
    }

    private static byte[][] record(byte[] key, String value) {
        return new byte[][] {key, value.getBytes(StandardCharsets.UTF_8)};
    }

    private void produceWindowed(String topic, List<byte[][]> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(infra().producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(r -> producer.send(new ProducerRecord<>(topic, r[0], r[1])));
            producer.flush();
        }
    }
}
