package io.tributary.sql.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TerminateExplainAndDescribeFunctionTest extends KsqlClient {

    @Autowired
    Admin admin;

    @Test
    void terminateClusterStopsQueriesDropsSourcesAndDeletesOnlyMatchingTopics() throws Exception {
        String source = uniqueName("tc_src");
        String sink = uniqueName("tc_sink");
        HttpResponse<String> created = ksql("CREATE STREAM " + source + " (K STRING KEY, V INT) WITH (KAFKA_TOPIC='"
                + source + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                + "CREATE STREAM " + sink + " AS SELECT K, V FROM " + source + ";");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        HttpResponse<String> terminated = post("/ksql/terminate", "application/json",
                "{\"deleteTopicList\":[\"" + sink.substring(0, 6) + ".*\"]}");

        assertThat(terminated.statusCode()).as(terminated.body()).isEqualTo(200);
        Map<String, Object> status = entities(terminated).get(0);
        assertThat(status).containsEntry("@type", "currentStatus").containsEntry("statementText", "TERMINATE CLUSTER;")
                .containsEntry("commandId", "cluster/TerminateCluster/terminate").containsEntry("warnings", List.of());
        assertThat((Map<String, Object>) status.get("commandStatus")).containsEntry("status", "SUCCESS");
        assertThat((List<Object>) entities(ksql("SHOW QUERIES;")).get(0).get("queries")).isEmpty();
        assertThat((List<Object>) entities(ksql("SHOW STREAMS;")).get(0).get("streams")).isEmpty();
        assertThat((List<Object>) entities(ksql("SHOW TABLES;")).get(0).get("tables")).isEmpty();
        long deadline = System.currentTimeMillis() + 15_000;
        Set<String> topics = admin.listTopics().names().get();
        while (topics.contains(sink) && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            topics = admin.listTopics().names().get();
        }
        assertThat(topics).doesNotContain(sink).contains(source);
    }

    @Test
    void terminateClusterNeedsNoBodyAndSucceedsOnAnEmptyServer() {
        HttpResponse<String> terminated = post("/ksql/terminate", null, "");

        assertThat(terminated.statusCode()).as(terminated.body()).isEqualTo(200);
        assertThat(entities(terminated).get(0)).containsEntry("@type", "currentStatus")
                .containsEntry("commandId", "cluster/TerminateCluster/terminate");
    }

    @Test
    void terminateClusterRejectsAnInvalidTopicPattern() {
        HttpResponse<String> rejected = post("/ksql/terminate", "application/json", "{\"deleteTopicList\":[\"(\"]}");

        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        assertThat(object(rejected)).containsEntry("@type", "statement_error").containsEntry("error_code", 40000)
                .containsEntry("statementText", "TERMINATE CLUSTER;");
    }

    @Test
    void describeFunctionShowsTheVariantsOfABuiltInFunction() {
        HttpResponse<String> described = ksql("DESCRIBE FUNCTION substring;");

        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
        Map<String, Object> entity = entities(described).get(0);
        assertThat(entity).containsEntry("@type", "describe_function")
                .containsEntry("statementText", "DESCRIBE FUNCTION substring;").containsEntry("name", "SUBSTRING")
                .containsEntry("type", "SCALAR").containsEntry("path", "internal").containsKeys("description",
                        "author", "version", "warnings");
        List<Map<String, Object>> variants = (List<Map<String, Object>>) entity.get("functions");
        assertThat(variants).hasSize(4);
        assertThat(variants.get(1)).containsEntry("returnType", "STRING")
                .containsEntry("argumentTypes", List.of("STRING", "INTEGER", "INTEGER"));
        assertThat((List<Object>) variants.get(1).get("arguments")).first().isEqualTo(
                Map.of("name", "str", "type", "STRING", "description", "", "isVariadic", false));
    }

    @Test
    void describeFunctionMarksVariadicArguments() {
        Map<String, Object> entity = entities(ksql("DESCRIBE FUNCTION CONCAT;")).get(0);

        List<Map<String, Object>> variants = (List<Map<String, Object>>) entity.get("functions");
        assertThat((List<Map<String, Object>>) variants.get(0).get("arguments")).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("isVariadic", true).containsEntry("type", "STRING"));
    }

    @Test
    void describeUnknownFunctionIsAStatementError() {
        HttpResponse<String> rejected = ksql("DESCRIBE FUNCTION NO_SUCH_FN;");

        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        assertThat(object(rejected)).containsEntry("@type", "statement_error").containsEntry("error_code", 40001)
                .containsEntry("message", "Can't find any functions with the name 'NO_SUCH_FN'");
    }

    @Test
    void explainOfAStatementDescribesTheQueryItWouldRunWithoutRunningIt() throws Exception {
        String source = uniqueName("ex_src");
        String sink = uniqueName("ex_sink");
        ksql("CREATE STREAM " + source + " (K STRING KEY, V INT) WITH (KAFKA_TOPIC='" + source
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        String csas = "CREATE STREAM " + sink + " AS SELECT K, V * 2 AS W FROM " + source + " WHERE V > 0;";

        HttpResponse<String> explained = ksql("EXPLAIN " + csas);

        assertThat(explained.statusCode()).as(explained.body()).isEqualTo(200);
        Map<String, Object> entity = entities(explained).get(0);
        assertThat(entity).containsEntry("@type", "queryDescription").containsEntry("statementText", "EXPLAIN " + csas);
        Map<String, Object> description = (Map<String, Object>) entity.get("queryDescription");
        assertThat((String) description.get("id")).startsWith("CSAS_" + sink + "_");
        assertThat(description).containsEntry("statementText", csas).containsEntry("sources", List.of(source))
                .containsEntry("sinks", List.of(sink)).containsEntry("queryType", "PERSISTENT");
        assertThat((List<Map<String, Object>>) description.get("fields")).extracting(f -> f.get("name"))
                .containsExactly("K", "W");
        assertThat((String) description.get("topology")).contains("Topologies:", "KsqlTopic.Source",
                "topics: [" + source + "]", "topic: " + sink);
        assertThat((List<Map<String, Object>>) entities(ksql("SHOW STREAMS;")).get(0).get("streams"))
                .extracting(s -> s.get("name")).doesNotContain(sink);
        assertThat((List<Object>) entities(ksql("SHOW QUERIES;")).get(0).get("queries"))
                .noneMatch(q -> String.valueOf(q).contains(sink));
        assertThat(admin.listTopics().names().get()).doesNotContain(sink);
    }

    @Test
    void explainOfAStatementThatRunsNoQueryIsAStatementError() {
        HttpResponse<String> rejected = ksql("EXPLAIN CREATE STREAM " + uniqueName("ex_plain")
                + " (V INT) WITH (KAFKA_TOPIC='x', VALUE_FORMAT='JSON');");

        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        assertThat(object(rejected)).containsEntry("@type", "statement_error").containsEntry("error_code", 40001);
    }

    @Test
    void explainOfAnInvalidQueryReportsWhyItWouldFail() {
        HttpResponse<String> rejected = ksql("EXPLAIN CREATE STREAM " + uniqueName("ex_bad")
                + " AS SELECT * FROM NO_SUCH_STREAM;");

        assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
        assertThat(object(rejected)).containsEntry("@type", "statement_error").containsEntry("error_code", 40001);
        assertThat((String) object(rejected).get("message")).contains("NO_SUCH_STREAM");
    }
}
