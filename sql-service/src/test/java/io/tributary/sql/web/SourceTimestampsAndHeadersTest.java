package io.tributary.sql.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Where a row's ROWTIME comes from (TIMESTAMP, TIMESTAMP_FORMAT) and columns read from Kafka record headers. */
class SourceTimestampsAndHeadersTest extends KsqlClient {

    private static final Map<String, Object> EARLIEST = Map.of("ksql.streams.auto.offset.reset", "earliest");

    @Test
    void aStringTimestampColumnIsParsedWithTheTimestampFormatForRowtimeAndTheOutputRecordTime() {
        String source = uniqueName("events");
        String sink = uniqueName("events_out");
        HttpResponse<String> created = ksql("CREATE STREAM " + source + " (K STRING KEY, TS STRING, V INT) WITH ("
                + "KAFKA_TOPIC='" + source + "', VALUE_FORMAT='JSON', PARTITIONS=1, TIMESTAMP='ts', "
                + "TIMESTAMP_FORMAT='yyyy-MM-dd''T''HH:mm:ssXXX');"
                + "CREATE STREAM " + sink + " AS SELECT K, V, ROWTIME AS RT FROM " + source + ";", EARLIEST);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        produce(source, List.of(new String[] {"a", "{\"TS\":\"2024-01-02T03:04:05Z\",\"V\":1}"},
                new String[] {"b", "{\"TS\":\"not a time\",\"V\":2}"},
                new String[] {"c", "{\"TS\":null,\"V\":3}"},
                new String[] {"d", "{\"TS\":\"2024-01-02T05:04:06+02:00\",\"V\":4}"}));

        List<ConsumerRecord<String, String>> out = consume(sink, 2, Duration.ofSeconds(30));
        assertThat(out).extracting(ConsumerRecord::key).containsExactly("a", "d");
        long first = Instant.parse("2024-01-02T03:04:05Z").toEpochMilli();
        assertThat(out).extracting(ConsumerRecord::timestamp).containsExactly(first, first + 1000);
        assertThat(json(out.get(0).value())).containsEntry("V", 1).containsEntry("RT", first);
        assertThat(json(out.get(1).value())).containsEntry("V", 4).containsEntry("RT", first + 1000);

        HttpResponse<String> scanned = post("/query-stream", "application/json", JSON.writeValueAsString(Map.of(
                "sql", "SELECT K, ROWTIME FROM " + source + ";")), "Accept", "application/json");
        assertThat(scanned.statusCode()).as(scanned.body()).isEqualTo(200);
        assertThat(JSON.readValue(scanned.body(), List.class).subList(1, 3)).containsExactly(
                List.of("a", first), List.of("d", first + 1000));

        Map<String, Object> described = (Map<String, Object>) entities(ksql("DESCRIBE " + source + " EXTENDED;"))
                .get(0).get("sourceDescription");
        assertThat(described).containsEntry("timestamp", "TS");
    }

    @Test
    void bigintAndTimestampColumnsSetTheRecordTimeWithoutAFormat() {
        for (String type : List.of("BIGINT", "TIMESTAMP")) {
            String source = uniqueName("ts_" + type);
            String sink = uniqueName("ts_out_" + type);
            HttpResponse<String> created = ksql("CREATE STREAM " + source + " (K STRING KEY, TS " + type
                    + ", V INT) WITH (KAFKA_TOPIC='" + source + "', VALUE_FORMAT='JSON', PARTITIONS=1,"
                    + " TIMESTAMP='TS');" + "CREATE STREAM " + sink + " AS SELECT * FROM " + source + ";", EARLIEST);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

            produce(source, List.<String[]>of(new String[] {"a", "{\"TS\":1700000000123,\"V\":1}"}));

            List<ConsumerRecord<String, String>> out = consume(sink, 1, Duration.ofSeconds(30));
            assertThat(out).as(type).extracting(ConsumerRecord::timestamp).containsExactly(1700000000123L);
        }
    }

    @Test
    void aBadTimestampFormatOrAStringColumnWithoutOneIsRefusedAtCreate() {
        String bad = uniqueName("bad_format");
        HttpResponse<String> refused = ksql("CREATE STREAM " + bad + " (K STRING KEY, TS STRING) WITH (KAFKA_TOPIC='"
                + bad + "', VALUE_FORMAT='JSON', PARTITIONS=1, TIMESTAMP='TS', TIMESTAMP_FORMAT='yyyy-MM-dd bbb');");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(object(refused)).containsEntry("@type", "statement_error").containsEntry("error_code", 40001);
        assertThat((String) object(refused).get("message")).startsWith("Invalid TIMESTAMP_FORMAT 'yyyy-MM-dd bbb': ");

        String noFormat = uniqueName("no_format");
        HttpResponse<String> missing = ksql("CREATE STREAM " + noFormat + " (K STRING KEY, TS STRING) WITH ("
                + "KAFKA_TOPIC='" + noFormat + "', VALUE_FORMAT='JSON', PARTITIONS=1, TIMESTAMP='TS');");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(object(missing)).containsEntry("error_code", 40001).containsEntry("message",
                "A String timestamp field has been specified without also specifying the timestamp_format");

        String boolColumn = uniqueName("bool_ts");
        HttpResponse<String> mistyped = ksql("CREATE STREAM " + boolColumn + " (K STRING KEY, TS BOOLEAN) WITH ("
                + "KAFKA_TOPIC='" + boolColumn + "', VALUE_FORMAT='JSON', PARTITIONS=1, TIMESTAMP='TS');");
        assertThat(mistyped.statusCode()).isEqualTo(400);
        assertThat(object(mistyped)).containsEntry("error_code", 40001).containsEntry("message",
                "Timestamp column, `TS`, should be LONG(INT64), TIMESTAMP, or a String with a timestamp_format"
                        + " specified.");

        String streams = ksql("SHOW STREAMS;").body();
        assertThat(streams).doesNotContain(bad).doesNotContain(noFormat).doesNotContain(boolColumn);
    }

    @Test
    void headerColumnsReadTheRecordHeadersAndDescribeMarksThem() {
        String name = uniqueName("with_headers");
        HttpResponse<String> created = ksql("CREATE STREAM " + name + " (K STRING KEY, V STRING,"
                + " H ARRAY<STRUCT<key STRING, value BYTES>> HEADERS, ABC BYTES HEADER('abc')) WITH (KAFKA_TOPIC='"
                + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(infra().producerConfig(),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(name, null, "k1", "{\"V\":\"one\"}", List.of(
                    new RecordHeader("abc", new byte[] {1, 2}), new RecordHeader("x", new byte[] {3}))));
            producer.send(new ProducerRecord<>(name, "k2", "{\"V\":\"two\"}"));
            producer.flush();
        }

        HttpResponse<String> answer = post("/query-stream", "application/json", JSON.writeValueAsString(Map.of(
                "sql", "SELECT * FROM " + name + " EMIT CHANGES LIMIT 2;", "properties",
                Map.of("auto.offset.reset", "earliest"))), "Accept", "application/json");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<Object> body = JSON.readValue(answer.body(), List.class);
        Map<String, Object> metadata = (Map<String, Object>) body.get(0);
        assertThat(metadata).containsEntry("columnNames", List.of("K", "V", "H", "ABC")).containsEntry("columnTypes",
                List.of("STRING", "STRING", "ARRAY<STRUCT<`KEY` STRING, `VALUE` BYTES>>", "BYTES"));
        String abc = Base64.getEncoder().encodeToString(new byte[] {1, 2});
        assertThat(body.subList(1, 3)).containsExactly(
                List.of("k1", "one", List.of(Map.of("KEY", "abc", "VALUE", abc), Map.of("KEY", "x", "VALUE", "Aw==")),
                        abc),
                java.util.Arrays.asList("k2", "two", List.of(), null));

        HttpResponse<String> scanned = post("/query-stream", "application/json", JSON.writeValueAsString(Map.of(
                "sql", "SELECT K, ABC, H[1]->KEY AS FIRST FROM " + name + ";")), "Accept", "application/json");
        assertThat(scanned.statusCode()).as(scanned.body()).isEqualTo(200);
        assertThat(JSON.readValue(scanned.body(), List.class).subList(1, 3)).containsExactly(
                List.of("k1", abc, "abc"), java.util.Arrays.asList("k2", null, null));

        Map<String, Object> described = (Map<String, Object>) entities(ksql("DESCRIBE " + name + ";")).get(0)
                .get("sourceDescription");
        List<Map<String, Object>> fields = (List<Map<String, Object>>) described.get("fields");
        assertThat(fields.get(2)).containsEntry("name", "H").containsEntry("type", "HEADER")
                .doesNotContainKey("headerKey");
        assertThat(fields.get(3)).containsEntry("name", "ABC").containsEntry("type", "HEADER")
                .containsEntry("headerKey", "abc");
        assertThat((Map<String, Object>) fields.get(3).get("schema")).containsEntry("type", "BYTES");
        assertThat(fields.get(1)).doesNotContainKeys("type", "headerKey");
    }

    @Test
    void headerColumnsAreReadOnlyAndMustHaveTheirTypes() {
        String name = uniqueName("read_only_headers");
        assertThat(ksql("CREATE STREAM " + name + " (K STRING KEY, V STRING, ABC BYTES HEADER('abc')) WITH ("
                + "KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);

        HttpResponse<String> refused = ksql("INSERT INTO " + name + " (K, V, ABC) VALUES ('k', 'v', 'AQI=');");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(object(refused)).containsEntry("error_code", 40001)
                .containsEntry("message", "Cannot insert into HEADER columns: `ABC`");
        HttpResponse<String> inserted = ksql("INSERT INTO " + name + " VALUES ('k', 'v');");
        assertThat(inserted.statusCode()).as(inserted.body()).isEqualTo(200);
        assertThat(consume(name, 1, Duration.ofSeconds(20))).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo("{\"V\":\"v\"}"));

        String wrong = uniqueName("wrong_header");
        HttpResponse<String> mistyped = ksql("CREATE STREAM " + wrong + " (K STRING KEY, X STRING HEADER('x'))"
                + " WITH (KAFKA_TOPIC='" + wrong + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        assertThat(mistyped.statusCode()).isEqualTo(400);
        assertThat(object(mistyped)).containsEntry("error_code", 40001)
                .containsEntry("message", "Invalid type for HEADER('x') column: expected BYTES, got STRING");
    }
}
