package io.tributary.sql.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class KsqlStatementsTest extends KsqlClient {

    @Autowired
    Admin admin;

    @Autowired
    JdbcClient jdbc;

    @Test
    void createStreamCreatesItsTopicAndShowStreamsListsIt() throws Exception {
        String name = uniqueName("pageviews");
        String create = "CREATE STREAM " + name + " (ID BIGINT KEY, PAGE STRING, VIEWS INT) WITH (KAFKA_TOPIC='"
                + name.toLowerCase() + "', VALUE_FORMAT='JSON', PARTITIONS=2);";

        HttpResponse<String> created = ksql(create);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.headers().firstValue("Content-Type")).hasValue("application/json");
        Map<String, Object> status = entities(created).get(0);
        assertThat(status).containsEntry("@type", "currentStatus").containsEntry("statementText", create)
                .containsEntry("commandId", "stream/`" + name + "`/create").containsEntry("warnings", List.of());
        assertThat((Map<String, Object>) status.get("commandStatus")).containsEntry("status", "SUCCESS")
                .containsEntry("message", "Stream created").containsEntry("queryId", null);
        assertThat(((Number) status.get("commandSequenceNumber")).longValue()).isGreaterThanOrEqualTo(0);
        assertThat(admin.describeTopics(List.of(name.toLowerCase())).allTopicNames().get()
                .get(name.toLowerCase()).partitions()).hasSize(2);

        HttpResponse<String> shown = ksql("SHOW STREAMS;");

        assertThat(shown.statusCode()).isEqualTo(200);
        Map<String, Object> streams = entities(shown).get(0);
        assertThat(streams).containsEntry("@type", "streams").containsEntry("statementText", "SHOW STREAMS;");
        assertThat((List<Map<String, Object>>) streams.get("streams")).contains(Map.of("type", "STREAM",
                "name", name, "topic", name.toLowerCase(), "keyFormat", "KAFKA", "valueFormat", "JSON",
                "isWindowed", false));
    }

    @Test
    void describeShowsKeyAndValueColumnsWithTheirSchemas() {
        String name = uniqueName("users");
        ksql("CREATE TABLE " + name + " (ID STRING PRIMARY KEY, TAGS ARRAY<STRING>, ADDR STRUCT<CITY STRING>,"
                + " PRICE DECIMAL(4, 2)) WITH (KAFKA_TOPIC='" + name + "', FORMAT='JSON', PARTITIONS=1);");

        HttpResponse<String> described = ksql("DESCRIBE " + name + ";");

        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
        Map<String, Object> entity = entities(described).get(0);
        assertThat(entity).containsEntry("@type", "sourceDescription");
        Map<String, Object> description = (Map<String, Object>) entity.get("sourceDescription");
        assertThat(description).containsEntry("name", name).containsEntry("type", "TABLE")
                .containsEntry("keyFormat", "JSON").containsEntry("valueFormat", "JSON").containsEntry("topic", name)
                .containsEntry("windowType", null).containsEntry("extended", false);
        assertThat((List<Object>) description.get("fields")).containsExactly(
                Map.of("name", "ID", "schema", schema("STRING", null, null), "type", "KEY"),
                Map.of("name", "TAGS", "schema", schema("ARRAY", null, schema("STRING", null, null))),
                Map.of("name", "ADDR", "schema", schema("STRUCT",
                        List.of(Map.of("name", "CITY", "schema", schema("STRING", null, null))), null)),
                Map.of("name", "PRICE", "schema", decimal(4, 2)));
    }

    private static Map<String, Object> schema(String type, Object fields, Object member) {
        Map<String, Object> schema = new java.util.LinkedHashMap<>();
        schema.put("type", type);
        schema.put("fields", fields);
        schema.put("memberSchema", member);
        return schema;
    }

    private static Map<String, Object> decimal(int precision, int scale) {
        Map<String, Object> schema = schema("DECIMAL", null, null);
        schema.put("parameters", Map.of("precision", precision, "scale", scale));
        return schema;
    }

    @Test
    void createStreamAsSelectWritesTheProjectedRowsThatPassTheFilter() {
        String source = uniqueName("orders");
        String sink = uniqueName("big_orders");
        HttpResponse<String> created = ksql("CREATE STREAM " + source + " (ID STRING KEY, ITEM STRING, QTY INT,"
                + " PRICE DOUBLE) WITH (KAFKA_TOPIC='" + source + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                + "CREATE STREAM " + sink + " AS SELECT ID, UCASE(ITEM) AS ITEM, QTY * PRICE AS TOTAL FROM " + source
                + " WHERE QTY > 1 AND ITEM LIKE 'a%' EMIT CHANGES;",
                Map.of("ksql.streams.auto.offset.reset", "earliest"));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        Map<String, Object> csas = entities(created).get(1);
        long sequence = ((Number) csas.get("commandSequenceNumber")).longValue();
        String queryId = "CSAS_" + sink + "_" + sequence;
        assertThat(csas).containsEntry("commandId", "stream/`" + sink + "`/create");
        assertThat((Map<String, Object>) csas.get("commandStatus")).containsEntry("status", "SUCCESS")
                .containsEntry("message", "Created query with ID " + queryId).containsEntry("queryId", queryId);

        produce(source, List.of(new String[] {"k1", "{\"ITEM\":\"apple\",\"QTY\":3,\"PRICE\":1.5}"},
                new String[] {"k2", "{\"item\":\"avocado\",\"qty\":1,\"price\":2.0}"},
                new String[] {"k3", "{\"ITEM\":\"banana\",\"QTY\":5,\"PRICE\":1.0}"},
                new String[] {"k4", "not json"},
                new String[] {"k5", "{\"ITEM\":\"apricot\",\"QTY\":2,\"PRICE\":0.25}"}));

        List<ConsumerRecord<String, String>> output = consume(sink, 2, Duration.ofSeconds(60));

        assertThat(output).extracting(ConsumerRecord::key).containsExactly("k1", "k5");
        assertThat(output).extracting(r -> json(r.value())).containsExactly(
                Map.of("ITEM", "APPLE", "TOTAL", 4.5), Map.of("ITEM", "APRICOT", "TOTAL", 0.5));

        Map<String, Object> queries = entities(ksql("SHOW QUERIES;")).get(0);
        assertThat(queries).containsEntry("@type", "queries");
        assertThat((List<Map<String, Object>>) queries.get("queries")).anySatisfy(q -> assertThat(q)
                .containsEntry("id", queryId).containsEntry("sinks", List.of(sink))
                .containsEntry("sinkKafkaTopics", List.of(sink)).containsEntry("queryType", "PERSISTENT")
                .containsEntry("state", "RUNNING").containsEntry("statusCount", Map.of("RUNNING", 1)));

        HttpResponse<String> drop = ksql("DROP STREAM " + source + ";");
        assertThat(drop.statusCode()).isEqualTo(400);
        assertThat(object(drop).get("message").toString()).startsWith("Cannot drop " + source + ".")
                .contains(queryId);

        HttpResponse<String> terminated = ksql("TERMINATE " + queryId + ";");
        assertThat(terminated.statusCode()).as(terminated.body()).isEqualTo(200);
        assertThat(entities(terminated).get(0)).containsEntry("commandId", "terminate/" + queryId + "/execute");
        HttpResponse<String> dropped = ksql("DROP STREAM " + sink + ";");
        assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(200);
        assertThat(entities(dropped).get(0)).containsEntry("commandId", "stream/" + sink + "/drop");
        assertThat((Map<String, Object>) entities(dropped).get(0).get("commandStatus"))
                .containsEntry("message", "Source `" + sink + "` (topic: " + sink + ") was dropped.");
    }

    @Test
    void insertValuesProducesOneRecordAndAnswersAnEmptyList() {
        String name = uniqueName("readings");
        ksql("CREATE STREAM " + name + " (SENSOR STRING KEY, TEMP DOUBLE, OK BOOLEAN) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");

        HttpResponse<String> inserted = ksql("INSERT INTO " + name + " (SENSOR, TEMP, OK, ROWTIME) VALUES ('s-1',"
                + " 21.5, true, 1000);");

        assertThat(inserted.statusCode()).as(inserted.body()).isEqualTo(200);
        assertThat(inserted.body()).isEqualTo("[]");
        List<ConsumerRecord<String, String>> records = consume(name, 1, Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("s-1");
        assertThat(records.get(0).value()).isEqualTo("{\"TEMP\":21.5,\"OK\":true}");
        assertThat(records.get(0).timestamp()).isEqualTo(1000L);
    }

    @Test
    void badSqlAnswersStatementErrorWithTheFailingStatement() {
        HttpResponse<String> response = ksql("SHOW STREAMS; SELEKT nothing;");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        Map<String, Object> body = object(response);
        assertThat(body).containsEntry("@type", "statement_error").containsEntry("error_code", 40001)
                .containsEntry("statementText", "SELEKT nothing;");
        assertThat(body.get("message").toString()).startsWith("line 1:1:");
        assertThat((List<Map<String, Object>>) body.get("entities")).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("@type", "streams"));
    }

    @Test
    void unknownSourceIsRefusedAndNothingIsStored() {
        long before = commandCount();

        HttpResponse<String> response = ksql("CREATE STREAM " + uniqueName("s") + " AS SELECT * FROM NO_SUCH_STREAM;");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(object(response)).containsEntry("@type", "statement_error").containsEntry("error_code", 40001)
                .containsEntry("message", "Exception while preparing statement: NO_SUCH_STREAM does not exist.");
        assertThat(commandCount()).isEqualTo(before);
    }

    @Test
    void duplicateStreamIsRefusedUnlessIfNotExistsAndNothingIsStored() {
        String name = uniqueName("dup");
        String create = "CREATE STREAM " + name + " (V STRING) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='DELIMITED', PARTITIONS=1);";
        assertThat(ksql(create).statusCode()).isEqualTo(200);
        long before = commandCount();

        HttpResponse<String> duplicate = ksql(create);
        HttpResponse<String> tolerated = ksql(create.replace("CREATE STREAM", "CREATE STREAM IF NOT EXISTS"));

        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(object(duplicate)).containsEntry("message",
                "Cannot add stream '" + name + "': A stream with the same name already exists");
        assertThat(tolerated.statusCode()).isEqualTo(200);
        assertThat(entities(tolerated).get(0)).containsEntry("@type", "warning_entity")
                .containsEntry("message", "Cannot add stream " + name + ": A stream with the same name already exists.");
        assertThat(commandCount()).isEqualTo(before);
    }

    @Test
    void unsupportedFormatAndMissingTopicAreClearErrors() {
        HttpResponse<String> avro = ksql("CREATE STREAM " + uniqueName("a") + " (V STRING) WITH (KAFKA_TOPIC='x',"
                + " VALUE_FORMAT='AVRO', PARTITIONS=1);");
        HttpResponse<String> noTopic = ksql("CREATE STREAM " + uniqueName("b") + " (V STRING) WITH (KAFKA_TOPIC='"
                + uniqueName("missing") + "', VALUE_FORMAT='JSON');");

        assertThat(avro.statusCode()).isEqualTo(400);
        assertThat(object(avro).get("message").toString()).contains("'AVRO' is not supported");
        assertThat(noTopic.statusCode()).isEqualTo(400);
        assertThat(object(noTopic).get("message").toString()).contains("does not exist", "PARTITIONS");
    }

    @Test
    void selectOnKsqlEndpointPointsToQuery() {
        HttpResponse<String> response = ksql("SELECT * FROM ANYTHING EMIT CHANGES;");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(object(response)).containsEntry("error_code", 40002).containsEntry("@type", "statement_error");
    }

    @Test
    void setAndDefineChangeOnlyLaterStatementsOfTheRequestAndAnswerNothing() {
        String name = uniqueName("vars");
        HttpResponse<String> response = ksql("SET 'auto.offset.reset'='earliest'; DEFINE topic = '" + name + "';"
                + " CREATE STREAM " + name + " (V STRING) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='KAFKA',"
                + " PARTITIONS=1);");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(entities(response)).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("@type", "currentStatus"));
        Map<String, Object> listed = entities(ksql("SHOW STREAMS;")).get(0);
        assertThat((List<Map<String, Object>>) listed.get("streams"))
                .anySatisfy(s -> assertThat(s).containsEntry("name", name).containsEntry("topic", name));
    }

    @Test
    void badStreamsPropertyIsRefused() {
        HttpResponse<String> response = ksql("SHOW STREAMS;", Map.of("ksql.streams.auto.offset.reset", "sideways"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(object(response)).containsEntry("@type", "statement_error");
    }

    @Test
    void showTopicsAndPropertiesAnswerTheirEntities() {
        String name = uniqueName("topic");
        ksql("CREATE STREAM " + name + " (V STRING) WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON',"
                + " PARTITIONS=3);");

        Map<String, Object> topics = entities(ksql("LIST TOPICS;")).get(0);
        Map<String, Object> properties = entities(ksql("SHOW PROPERTIES;")).get(0);

        assertThat(topics).containsEntry("@type", "kafka_topics");
        assertThat((List<Object>) topics.get("topics")).contains(Map.of("name", name, "replicaInfo", List.of(1, 1, 1)));
        assertThat(properties).containsEntry("@type", "properties");
        assertThat((List<Map<String, Object>>) properties.get("properties")).anySatisfy(p -> assertThat(p)
                .containsEntry("name", "ksql.service.id").containsEntry("value", "default_"));
    }

    @Test
    void statusOfACommandIsFoundByItsId() {
        String name = uniqueName("status");
        ksql("CREATE STREAM " + name + " (V STRING) WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON',"
                + " PARTITIONS=1);");

        HttpResponse<String> status = get("/status/stream/%60" + name + "%60/create");
        HttpResponse<String> unknown = get("/status/stream/%60NOPE%60/create");

        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        assertThat(object(status)).containsEntry("status", "SUCCESS").containsEntry("message", "Stream created");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(object(unknown)).containsEntry("error_code", 40400).containsEntry("message", "Command not found");
    }

    @Test
    void explainShowsTheQuerysRealTopologyAndDescribeExtendedItsTopic() {
        String source = uniqueName("src");
        String sink = uniqueName("sink");
        HttpResponse<String> created = ksql("CREATE STREAM " + source + " (K STRING KEY, V INT) WITH (KAFKA_TOPIC='"
                + source + "', VALUE_FORMAT='JSON', PARTITIONS=2);"
                + "CREATE STREAM " + sink + " AS SELECT K, V * 2 AS W FROM " + source + ";");
        String queryId = (String) ((Map<String, Object>) entities(created).get(1).get("commandStatus")).get("queryId");

        Map<String, Object> explained = entities(ksql("EXPLAIN " + queryId + ";")).get(0);
        Map<String, Object> described = entities(ksql("DESCRIBE " + sink + " EXTENDED;")).get(0);

        assertThat(explained).containsEntry("@type", "queryDescription");
        Map<String, Object> description = (Map<String, Object>) explained.get("queryDescription");
        assertThat(description).containsEntry("id", queryId).containsEntry("sources", List.of(source))
                .containsEntry("sinks", List.of(sink)).containsEntry("queryType", "PERSISTENT")
                .containsEntry("consumerGroupId", "_confluent-ksql-default_query_" + queryId);
        assertThat(description.get("topology").toString()).startsWith("Topologies:")
                .contains("Source: KsqlTopic.Source (topics: [" + source + "])", "Sink: " + sink + " (topic: " + sink
                        + ")");
        Map<String, Object> sinkDescription = (Map<String, Object>) described.get("sourceDescription");
        assertThat(sinkDescription).containsEntry("extended", true).containsEntry("partitions", 2)
                .containsEntry("replication", 1);
        assertThat((List<Map<String, Object>>) sinkDescription.get("writeQueries"))
                .singleElement().satisfies(q -> assertThat(q).containsEntry("id", queryId));
        assertThat(get("/status").body()).contains("\"stream/`" + sink + "`/create\":\"SUCCESS\"");
    }

    private long commandCount() {
        return jdbc.sql("SELECT count(*) FROM command_log").query(Long.class).single();
    }
}
