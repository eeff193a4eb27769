package io.tributary.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.commands.CommandVersion;
import io.tributary.sql.web.KsqlClient;
import io.tributary.testkit.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command log's format version: every command this release writes carries {@link CommandVersion#CURRENT}, and a
 * command written by a newer release (a rollback, or an older instance during a rolling upgrade) is not executed:
 * the instance goes DEGRADED as ksqlDB's command runner does, keeps what it runs and answers reads, and refuses every
 * statement that would be logged. The degraded instances run on a log of their own (another schema), so this JVM's
 * server is not degraded for the other tests.
 */
class CommandLogVersionTest extends KsqlClient {

    /** ksqlDB's DefaultErrorMessages.COMMAND_RUNNER_DEGRADED_INCOMPATIBLE_COMMANDS_ERROR_MESSAGE, on Linux. */
    private static final String INCOMPATIBLE = "The server has encountered an incompatible entry in its log and"
            + " cannot process further DDL statements.\nThis is most likely due to the service being rolled back to"
            + " an earlier version.";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Admin admin;

    @Test
    void commandsThisReleaseWritesCarryItsCommandVersion() {
        String name = uniqueName("versioned");
        HttpResponse<String> created = ksql("CREATE STREAM " + name + " (ID INT KEY, V STRING) WITH (KAFKA_TOPIC='"
                + name + "', VALUE_FORMAT='JSON', PARTITIONS=1);");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        long sequence = ((Number) entities(created).get(0).get("commandSequenceNumber")).longValue();

        assertThat(jdbc.sql("SELECT version FROM command_log WHERE command_sequence_number = ?").param(sequence)
                .query(Integer.class).single()).isEqualTo(CommandVersion.CURRENT);
    }

    @Test
    void aCommandWrittenByANewerReleaseMakesFollowingAndRestartedInstancesDegraded() throws Exception {
        String schema = TestInfrastructure.uniqueName("cmdver");
        String source = uniqueName("readings");
        String sink = uniqueName("high_readings");
        String newer = uniqueName("from_newer_release");
        String after = uniqueName("after_newer_release");
        ConfigurableApplicationContext following = startInstance(schema, "--ksql.service-id=cmdver_");
        ConfigurableApplicationContext restarted = null;
        try {
            int followingPort = port(following);
            HttpResponse<String> created = ksqlOn(followingPort, "CREATE STREAM " + source + " (ID STRING KEY, V INT)"
                    + " WITH (KAFKA_TOPIC='" + source + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                    + "CREATE STREAM " + sink + " AS SELECT ID, V FROM " + source + " WHERE V > 10;",
                    Map.of("auto.offset.reset", "earliest"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            String queryId = (String) ((Map<String, Object>) entities(created).get(1).get("commandStatus"))
                    .get("queryId");
            assertThat(serverStatus(followingPort)).isEqualTo("RUNNING");

            // a newer release logs a command, then one of today's format after it: neither may run here
            long next = jdbc.sql("SELECT COALESCE(MAX(command_sequence_number) + 1, 0) FROM " + schema
                    + ".command_log").query(Long.class).single();
            jdbc.sql("INSERT INTO " + schema + ".command_log (command_sequence_number, command_id, statement,"
                            + " version) VALUES (?, ?, ?, ?), (?, ?, ?, ?)")
                    .params(next, "stream/`" + newer + "`/create", createStream(newer), CommandVersion.CURRENT + 1,
                            next + 1, "stream/`" + after + "`/create", createStream(after), CommandVersion.CURRENT)
                    .update();

            awaitDegraded(followingPort);
            assertDegraded(followingPort, schema, List.of(source, sink), List.of(newer, after), queryId);
            // the persistent query it ran before keeps running
            produce(source, List.of(new String[] {"r1", "{\"V\":50}"}, new String[] {"r2", "{\"V\":5}"}));
            assertThat(consume(sink, 1, Duration.ofSeconds(60))).extracting(r -> r.key()).containsExactly("r1");

            following.close();
            following = null;
            restarted = startInstance(schema, "--ksql.service-id=cmdver_");
            assertDegraded(port(restarted), schema, List.of(source, sink), List.of(newer, after), queryId);
            // queries need no command log: a DEGRADED instance still answers them
            HttpResponse<String> pushed = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(restarted)
                    + "/query")).header("Content-Type", "application/vnd.ksql.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"ksql\":\"SELECT ID, V FROM " + sink
                            + " EMIT CHANGES LIMIT 1;\",\"streamsProperties\":{\"auto.offset.reset\":"
                            + "\"earliest\"}}")));
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);
            assertThat(pushed.body()).contains("[\"r1\",50]");
            // the query service refuses a DDL statement as the server's failure, not as the statement's
            HttpResponse<String> viaQueryService = send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + port(restarted) + "/query/service")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"statement\":\"" + createStream(uniqueName("qs"))
                            + "\"}")));
            assertThat(viaQueryService.statusCode()).as(viaQueryService.body()).isEqualTo(500);
            assertThat(viaQueryService.body()).contains("ASX0000").contains("incompatible entry in its log");
        } finally {
            if (following != null) {
                following.close();
            }
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    /** What a DEGRADED instance answers: status, health, reads with ksqlDB's warning, refusals of new commands. */
    private void assertDegraded(int port, String schema, List<String> known, List<String> notExecuted,
            String queryId) throws Exception {
        assertThat(serverStatus(port)).isEqualTo("DEGRADED");
        HttpResponse<String> health = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/healthcheck")).GET());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"isHealthy\":false,\"details\":{\"metastore\":{\"isHealthy\":true},"
                + "\"kafka\":{\"isHealthy\":true},\"commandRunner\":{\"isHealthy\":false}},\"serverState\":\"READY\"}");

        // reads answer what was executed, every entity carrying the warning; the incompatible command and the one
        // after it were not executed
        HttpResponse<String> listed = ksqlOn(port, "SHOW STREAMS; SHOW QUERIES;", Map.of());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        List<Map<String, Object>> entities = entities(listed);
        List<String> streams = ((List<Map<String, Object>>) entities.get(0).get("streams")).stream()
                .map(s -> (String) s.get("name")).toList();
        assertThat(streams).containsAll(known).doesNotContainAnyElementsOf(notExecuted);
        assertThat(((List<Map<String, Object>>) entities.get(1).get("queries")).stream().map(q -> q.get("id")))
                .contains(queryId);
        assertThat(entities).allSatisfy(entity -> assertThat(entity.get("warnings"))
                .isEqualTo(List.of(Map.of("message", INCOMPATIBLE))));
        // nor does it know their outcomes
        HttpResponse<String> statuses = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/status")).GET());
        assertThat(object(statuses)).isNotEmpty()
                .doesNotContainKeys(notExecuted.stream().map(name -> "stream/`" + name + "`/create")
                        .toArray(String[]::new));
        for (String name : notExecuted) {
            HttpResponse<String> status = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/status/stream/%60" + name + "%60/create")).GET());
            assertThat(status.statusCode()).as(status.body()).isEqualTo(404);
            assertThat(object(status)).containsEntry("error_code", 40400);
        }

        // a statement that would be logged is refused with ksqlDB's error, about the whole request, before any of
        // its side effects (the topic it would create)
        long logged = jdbc.sql("SELECT count(*) FROM " + schema + ".command_log").query(Long.class).single();
        String refusedName = uniqueName("refused");
        String request = "SHOW STREAMS; " + createStream(refusedName);
        HttpResponse<String> refused = ksqlOn(port, request, Map.of());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(500);
        assertThat(object(refused)).isEqualTo(Map.of("@type", "statement_error", "error_code", 50000,
                "message", "Failed to handle Ksql Statement.\n" + INCOMPATIBLE, "statementText", request,
                "entities", List.of()));
        assertThat(jdbc.sql("SELECT count(*) FROM " + schema + ".command_log").query(Long.class).single())
                .isEqualTo(logged);
        assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain(refusedName);

        // TERMINATE CLUSTER is a command too: refused, so everything keeps running
        HttpResponse<String> terminate = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/ksql/terminate")).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/vnd.ksql.v1+json"));
        assertThat(terminate.statusCode()).as(terminate.body()).isEqualTo(500);
        assertThat(object(terminate)).isEqualTo(Map.of("@type", "statement_error", "error_code", 50000,
                "message", "Failed to handle Ksql Statement.\n" + INCOMPATIBLE, "statementText", "TERMINATE CLUSTER;",
                "entities", List.of()));
        HttpResponse<String> queries = ksqlOn(port, "SHOW QUERIES;", Map.of());
        assertThat(((List<Map<String, Object>>) entities(queries).get(0).get("queries")).stream()
                .map(q -> q.get("id"))).contains(queryId);

        // a bad statement is still answered as one (ksqlDB validates a request before its command runner refuses it)
        HttpResponse<String> bad = ksqlOn(port, "DROP STREAM " + uniqueName("missing") + ";", Map.of());
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(object(bad)).containsEntry("error_code", 40001);
        // also one only a live statement is checked for (a replayed TERMINATE of an unknown query is let through)
        HttpResponse<String> unknownQuery = ksqlOn(port, "TERMINATE NO_SUCH_QUERY;", Map.of());
        assertThat(unknownQuery.statusCode()).as(unknownQuery.body()).isEqualTo(400);
        assertThat(object(unknownQuery)).containsEntry("error_code", 40001)
                .containsEntry("message", "Unknown queryId: NO_SUCH_QUERY");
    }

    private static String createStream(String name) {
        return "CREATE STREAM " + name + " (ID STRING KEY, V INT) WITH (KAFKA_TOPIC='" + name
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);";
    }

    private void awaitDegraded(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !"DEGRADED".equals(serverStatus(port))) {
            Thread.sleep(100);
        }
    }

    private static String serverStatus(int port) {
        HttpResponse<String> info = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/info"))
                .GET());
        assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
        return (String) ((Map<String, Object>) object(info).get("KsqlServerInfo")).get("serverStatus");
    }

    private static HttpResponse<String> ksqlOn(int port, String sql, Map<String, Object> streamsProperties) {
        String body = JSON.writeValueAsString(Map.of("ksql", sql, "streamsProperties", streamsProperties));
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/ksql"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/vnd.ksql.v1+json")
                .header("Accept", "application/vnd.ksql.v1+json"));
    }

    private static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }
}
