package io.tributary.sql.queries;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.web.KsqlClient;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Aggregations, windows, joins and PARTITION BY as persistent queries on the real broker. */
class StatefulQueriesTest extends KsqlClient {

    private static final Map<String, Object> EARLIEST = Map.of("ksql.streams.auto.offset.reset", "earliest");

    @Autowired
    Admin admin;

    @Test
    void groupByCountsAndSumsPerGroupThroughKsqlDbsInternalTopics() throws Exception {
        String source = uniqueName("orders");
        String sink = uniqueName("totals");
        HttpResponse<String> created = ksql("CREATE STREAM " + source + " (ID STRING KEY, REGION STRING, AMOUNT INT)"
                + " WITH (KAFKA_TOPIC='" + source + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                + "CREATE TABLE " + sink + " AS SELECT REGION, COUNT(*) AS ORDERS, SUM(AMOUNT) AS TOTAL FROM " + source
                + " GROUP BY REGION;", EARLIEST);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String queryId = (String) ((Map<?, ?>) entities(created).get(1).get("commandStatus")).get("queryId");

        produce(source, List.of(new String[] {"o1", "{\"REGION\":\"north\",\"AMOUNT\":5}"},
                new String[] {"o2", "{\"REGION\":\"south\",\"AMOUNT\":7}"},
                new String[] {"o3", "{\"REGION\":\"north\",\"AMOUNT\":10}"},
                new String[] {"o4", "{\"REGION\":null,\"AMOUNT\":1}"}));

        Map<String, Map<String, Object>> latest = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Map.of("ORDERS", 2, "TOTAL", 15).equals(latest.get("north")) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consume(sink, 3, Duration.ofSeconds(5))) {
                latest.put(r.key(), json(r.value()));
            }
        }
        assertThat(latest).containsEntry("north", Map.of("ORDERS", 2, "TOTAL", 15))
                .containsEntry("south", Map.of("ORDERS", 1, "TOTAL", 7)).doesNotContainKey(null);
        String applicationId = "_confluent-ksql-default_query_" + queryId;
        assertThat(admin.listTopics().names().get()).contains(applicationId + "-Aggregate-GroupBy-repartition",
                applicationId + "-Aggregate-Aggregate-Materialize-changelog");
    }

    @Test
    void tumblingWindowKeysCarryTheWindowStartAfterTheKey() {
        String source = uniqueName("clicks");
        String sink = uniqueName("clicks_per_hour");
        HttpResponse<String> created = ksql("CREATE STREAM " + source + " (USERID STRING KEY, PAGE STRING) WITH "
                + "(KAFKA_TOPIC='" + source + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                + "CREATE TABLE " + sink + " AS SELECT USERID, COUNT(*) AS CLICKS, WINDOWSTART AS WS FROM " + source
                + " WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY USERID EMIT CHANGES;", EARLIEST);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        produce(source, List.<String[]>of(new String[] {"alice", "{\"PAGE\":\"/\"}"}));

        List<ConsumerRecord<byte[], byte[]>> records = consumeBytes(sink, 1, Duration.ofSeconds(60));
        assertThat(records).hasSize(1);
        byte[] key = records.get(0).key();
        assertThat(new String(Arrays.copyOf(key, key.length - 8), StandardCharsets.UTF_8)).isEqualTo("alice");
        long windowStart = ByteBuffer.wrap(key, key.length - 8, 8).getLong();
        assertThat(windowStart % Duration.ofHours(1).toMillis()).isZero();
        assertThat(json(new String(records.get(0).value(), StandardCharsets.UTF_8)))
                .containsEntry("CLICKS", 1).containsEntry("WS", windowStart);
        Map<String, Object> description = (Map<String, Object>) entities(ksql("DESCRIBE " + sink + ";")).get(0)
                .get("sourceDescription");
        assertThat(description).containsEntry("windowType", "TUMBLING");
    }

    @Test
    void streamTableJoinEnrichesEachStreamRecordWithTheTableRow() {
        String users = uniqueName("users");
        String views = uniqueName("views");
        String sink = uniqueName("enriched");
        HttpResponse<String> created = ksql("CREATE TABLE " + users + " (ID STRING PRIMARY KEY, NAME STRING) WITH "
                + "(KAFKA_TOPIC='" + users + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                + "CREATE STREAM " + views + " (VIEWID STRING KEY, USERID STRING, PAGE STRING) WITH (KAFKA_TOPIC='"
                + views + "', VALUE_FORMAT='JSON', PARTITIONS=1);", EARLIEST);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        produce(users, List.<String[]>of(new String[] {"u1", "{\"NAME\":\"Ann\"}"}));

        HttpResponse<String> join = ksql("CREATE STREAM " + sink + " AS SELECT V.USERID, U.NAME, V.PAGE FROM " + views
                + " V LEFT JOIN " + users + " U ON V.USERID = U.ID;", EARLIEST);
        assertThat(join.statusCode()).as(join.body()).isEqualTo(200);
        String queryId = (String) ((Map<?, ?>) entities(join).get(0).get("commandStatus")).get("queryId");
        produce(views, List.of(new String[] {"v1", "{\"USERID\":\"u1\",\"PAGE\":\"/home\"}"},
                new String[] {"v2", "{\"USERID\":\"u9\",\"PAGE\":\"/about\"}"}));

        List<ConsumerRecord<String, String>> output = consume(sink, 2, Duration.ofSeconds(60));

        assertThat(output).extracting(ConsumerRecord::key).containsExactly("u1", "u9");
        assertThat(output).extracting(r -> json(r.value())).containsExactly(
                Map.of("NAME", "Ann", "PAGE", "/home"), nullName("/about"));
        HttpResponse<String> explained = ksql("EXPLAIN " + queryId + ";");
        assertThat((String) ((Map<?, ?>) entities(explained).get(0).get("queryDescription")).get("topology"))
                .contains("Join-left-repartition");
    }

    @Test
    void partitionByMovesTheExpressionIntoTheKey() {
        String source = uniqueName("people");
        String sink = uniqueName("by_name");
        HttpResponse<String> created = ksql("CREATE STREAM " + source + " (ID INT KEY, NAME STRING, AGE INT) WITH "
                + "(KAFKA_TOPIC='" + source + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                + "CREATE STREAM " + sink + " AS SELECT * FROM " + source + " PARTITION BY NAME;", EARLIEST);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        produceInt(source);

        List<ConsumerRecord<String, String>> output = consume(sink, 1, Duration.ofSeconds(60));
        assertThat(output).extracting(ConsumerRecord::key).containsExactly("bob");
        assertThat(json(output.get(0).value())).isEqualTo(Map.of("AGE", 30, "ID", 7));
    }

    @Test
    void nonAggregateColumnMissingFromGroupByIsRefusedAsKsqlDbDoes() {
        String source = uniqueName("readings");
        ksql("CREATE STREAM " + source + " (ID STRING KEY, SENSOR STRING, TEMP DOUBLE) WITH (KAFKA_TOPIC='" + source
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");

        HttpResponse<String> refused = ksql("CREATE TABLE " + uniqueName("bad") + " AS SELECT SENSOR, TEMP, "
                + "COUNT(*) FROM " + source + " GROUP BY SENSOR;");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(object(refused)).containsEntry("@type", "statement_error").containsEntry("error_code", 40001)
                .containsEntry("message", "Non-aggregate SELECT expression(s) not part of GROUP BY: TEMP");
    }

    @Test
    void streamStreamJoinWithoutWithinIsRefused() {
        String left = uniqueName("left");
        String right = uniqueName("right");
        ksql("CREATE STREAM " + left + " (ID STRING KEY, A INT) WITH (KAFKA_TOPIC='" + left
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);CREATE STREAM " + right + " (ID STRING KEY, B INT) WITH "
                + "(KAFKA_TOPIC='" + right + "', VALUE_FORMAT='JSON', PARTITIONS=1);");

        HttpResponse<String> refused = ksql("CREATE STREAM " + uniqueName("joined") + " AS SELECT L.ID, A, B FROM "
                + left + " L JOIN " + right + " R ON L.ID = R.ID;");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(object(refused)).containsEntry("error_code", 40001);
        assertThat((String) object(refused).get("message"))
                .startsWith("Stream-Stream joins must have a WITHIN clause specified. None was provided.");
    }

    @Test
    void pushQueryWithGroupByStreamsEachUpdateOfTheAggregate() {
        String name = uniqueName("taps");
        assertThat(ksql("CREATE STREAM " + name + " (ID STRING KEY, COLOR STRING) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        produce(name, List.of(new String[] {"a", "{\"COLOR\":\"red\"}"}, new String[] {"b", "{\"COLOR\":\"red\"}"},
                new String[] {"c", "{\"COLOR\":\"blue\"}"}));
        String body = queryBody("SELECT COLOR, COUNT(*) AS N FROM " + name + " GROUP BY COLOR EMIT CHANGES LIMIT 3;");

        HttpResponse<String> response = post("/query", "application/vnd.ksql.v1+json", body, "Accept",
                "application/vnd.ksql.v1+json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"schema\":\"`COLOR` STRING, `N` BIGINT\"")
                .contains("{\"row\":{\"columns\":[\"red\",1]}}").contains("{\"row\":{\"columns\":[\"red\",2]}}")
                .contains("{\"row\":{\"columns\":[\"blue\",1]}}").contains("Limit Reached");
    }

    private static String queryBody(String sql) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(Map.of("ksql", sql,
                "streamsProperties", EARLIEST));
    }

    @Test
    void aLateRecordBridgingTwoSessionsMergesTheirAverageListAndLatestValue() {
        String source = uniqueName("visits");
        String sink = uniqueName("visit_sessions");
        HttpResponse<String> created = ksql("CREATE STREAM " + source + " (USERID STRING KEY, SECS INT, PAGE STRING)"
                + " WITH (KAFKA_TOPIC='" + source + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                + "CREATE TABLE " + sink + " AS SELECT USERID, AVG(SECS) AS AVG_SECS, COLLECT_LIST(PAGE) AS PAGES,"
                + " LATEST_BY_OFFSET(PAGE) AS LAST_PAGE, COUNT(*) AS VISITS FROM " + source
                + " WINDOW SESSION (60 SECONDS) GROUP BY USERID EMIT CHANGES;", EARLIEST);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        long t0 = (System.currentTimeMillis() - Duration.ofHours(1).toMillis()) / 1000 * 1000;

        // Two sessions 90 s apart (the gap is 60 s), then a late record 45 s from each that joins them.
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", infra().kafkaBootstrap()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            long[] offsets = {0, 10_000, 100_000, 55_000};
            String[] values = {"{\"SECS\":1,\"PAGE\":\"a\"}", "{\"SECS\":2,\"PAGE\":\"b\"}",
                "{\"SECS\":6,\"PAGE\":\"c\"}", "{\"SECS\":3,\"PAGE\":\"d\"}"};
            for (int i = 0; i < offsets.length; i++) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(source, null, t0 + offsets[i],
                        "ann", values[i]));
            }
            producer.flush();
        }

        ConsumerRecord<byte[], byte[]> merged = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(sink));
            while (merged == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && Integer.valueOf(4).equals(
                            json(new String(r.value(), StandardCharsets.UTF_8)).get("VISITS"))) {
                        merged = r;
                    }
                }
            }
        }

        assertThat(merged).as("the merged session's row").isNotNull();
        assertThat(json(new String(merged.value(), StandardCharsets.UTF_8))).containsEntry("AVG_SECS", 3.0)
                .containsEntry("PAGES", List.of("a", "b", "c", "d")).containsEntry("LAST_PAGE", "d");
        byte[] key = merged.key();
        ByteBuffer window = ByteBuffer.wrap(key, key.length - 16, 16);
        assertThat(new String(Arrays.copyOf(key, key.length - 16), StandardCharsets.UTF_8)).isEqualTo("ann");
        assertThat(window.getLong()).as("session end").isEqualTo(t0 + 100_000);
        assertThat(window.getLong()).as("session start").isEqualTo(t0);
    }

    private void produceInt(String topic) {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], String>(Map.of(
                "bootstrap.servers", infra().kafkaBootstrap()),
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                    ByteBuffer.allocate(4).putInt(7).array(), "{\"NAME\":\"bob\",\"AGE\":30}"));
            producer.flush();
        }
    }

    private static Map<String, Object> nullName(String page) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("NAME", null);
        row.put("PAGE", page);
        return row;
    }

    private List<ConsumerRecord<byte[], byte[]>> consumeBytes(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            consumer.subscribe(List.of(topic));
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
