package io.tributary.sql.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.queries.PushQueries;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Push queries in SHOW QUERIES and TERMINATE, the streamsProperties allowlist, commandSequenceNumber waits. */
class QueryControlTest extends KsqlClient {

    @Autowired
    PushQueries pushQueries;

    @Test
    void aRunningPushQueryIsListedAsPushAndTerminateEndsIt() throws Exception {
        String name = uniqueName("pq");
        ksql("CREATE STREAM " + name + " (V INT) WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        String select = "SELECT V FROM " + name + " EMIT CHANGES;";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/query-stream")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sql", select))))
                .build();
        HttpResponse<InputStream> stream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String queryId = (String) json(lines.readLine()).get("queryId");

            List<Map<String, Object>> queries = (List<Map<String, Object>>) entities(ksql("SHOW QUERIES;")).get(0)
                    .get("queries");
            assertThat(queries).filteredOn(q -> queryId.equals(q.get("id"))).singleElement()
                    .satisfies(q -> assertThat(q).containsEntry("queryType", "PUSH").containsEntry("state", "RUNNING")
                            .containsEntry("queryString", select).containsEntry("sinks", List.of())
                            .containsEntry("statusCount", Map.of("RUNNING", 1)));

            HttpResponse<String> terminated = ksql("TERMINATE " + queryId + ";");

            assertThat(terminated.statusCode()).as(terminated.body()).isEqualTo(200);
            assertThat(entities(terminated).get(0)).containsEntry("@type", "terminate_query")
                    .containsEntry("queryId", queryId).containsEntry("wasTerminated", true);
            assertThat(pushQueries.find(queryId)).isEmpty();
            assertThat(lines.readLine()).isNull();
        }
    }

    @Test
    void terminateOfAnUnknownTransientQuerySaysItWasNotTerminated() {
        HttpResponse<String> response = ksql("TERMINATE transient_NOPE_42;");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(entities(response).get(0)).containsEntry("@type", "terminate_query")
                .containsEntry("wasTerminated", false);
    }

    @Test
    void streamsPropertiesThatPointElsewhereOrAreUnknownAreRefused() {
        for (String property : List.of("bootstrap.servers", "ksql.streams.state.dir", "consumer.interceptor.classes",
                "sasl.jaas.config", "ksql.streams.ssl.truststore.location", "ksql.service.id",
                "ksql.streams.default.timestamp.extractor", "producer.transactional.id", "rocksdb.config.setter",
                "ksql.streams.rocksdb.config.setter")) {
            HttpResponse<String> response = ksql("SHOW STREAMS;", Map.of(property, "x"));

            assertThat(response.statusCode()).as(property).isEqualTo(400);
            assertThat(object(response)).containsEntry("@type", "statement_error").containsEntry("error_code", 40001)
                    .containsEntry("message", "Cannot override property '" + property + "'");
        }
        HttpResponse<String> unknown = ksql("SHOW STREAMS;", Map.of("not.a.property", "x"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(object(unknown)).containsEntry("message",
                "Not recognizable as ksql, streams, consumer, or producer property: 'not.a.property'");
    }

    @Test
    void documentedStreamsPropertiesAreAccepted() {
        HttpResponse<String> response = ksql("SHOW STREAMS;", Map.of("ksql.streams.auto.offset.reset", "earliest",
                "cache.max.bytes.buffering", 0, "ksql.streams.commit.interval.ms", "100", "num.stream.threads", 2,
                "ksql.streams.producer.linger.ms", 5, "ksql.query.pull.table.scan.enabled", true));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void streamsPropertiesThatWouldCostTooManyThreadsOrTooMuchMemoryAreRefused() {
        for (Map.Entry<String, Object> property : Map.<String, Object>of("num.stream.threads", 20000,
                "ksql.streams.num.stream.threads", 0, "producer.buffer.memory", 1L << 40,
                "fetch.max.bytes", Integer.MAX_VALUE, "receive.buffer.bytes", 1 << 30).entrySet()) {
            HttpResponse<String> response = ksql("SHOW STREAMS;", Map.of(property.getKey(), property.getValue()));

            assertThat(response.statusCode()).as(property.getKey()).isEqualTo(400);
            assertThat(object(response)).containsEntry("error_code", 40001);
            assertThat((String) object(response).get("message")).contains(property.getKey());
        }
    }

    @Test
    void badPropertyValuesAreStatementErrorsOnEveryQueryPath() {
        String name = uniqueName("badv");
        ksql("CREATE STREAM " + name + " (V INT) WITH (KAFKA_TOPIC='" + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        String select = "SELECT V FROM " + name + " EMIT CHANGES;";
        int before = pushQueries.running().size();
        for (Map<String, Object> properties : List.<Map<String, Object>>of(Map.of("auto.offset.reset", "soonest"),
                Map.of("commit.interval.ms", "abc"), Map.of("num.stream.threads", 9))) {
            HttpResponse<String> query = post("/query", "application/json",
                    JSON.writeValueAsString(Map.of("ksql", select, "streamsProperties", properties)));
            HttpResponse<String> queryStream = post("/query-stream", "application/json",
                    JSON.writeValueAsString(Map.of("sql", select, "properties", properties)));

            assertThat(query.statusCode()).as(query.body()).isEqualTo(400);
            assertThat(object(query)).containsEntry("error_code", 40001);
            assertThat(queryStream.statusCode()).as(queryStream.body()).isEqualTo(400);
            assertThat(object(queryStream)).containsEntry("error_code", 40001);
        }
        assertThat(pushQueries.running()).hasSize(before);
    }

    @Test
    void aPushQueryWithARefusedPropertyIsAStatementError() {
        String body = JSON.writeValueAsString(Map.of("ksql", "SELECT * FROM WHATEVER EMIT CHANGES;",
                "streamsProperties", Map.of("bootstrap.servers", "elsewhere:9092")));

        HttpResponse<String> response = post("/query", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(object(response)).containsEntry("error_code", 40001)
                .containsEntry("message", "Cannot override property 'bootstrap.servers'");
    }

    @Test
    void aCommandSequenceNumberNeverReachedTimesOutWith503() {
        String body = JSON.writeValueAsString(Map.of("ksql", "SHOW STREAMS;", "commandSequenceNumber", 1_000_000));

        HttpResponse<String> response = post("/ksql", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(object(response)).containsEntry("@type", "generic_error").containsEntry("error_code", 50301)
                .containsEntry("message", "Timed out while waiting for a previous command to execute. command"
                        + " sequence number: 1000000");
    }
}
