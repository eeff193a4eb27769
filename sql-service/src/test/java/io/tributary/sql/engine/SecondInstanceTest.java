package io.tributary.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.queries.QueryRegistry;
import io.tributary.sql.web.KsqlClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second sql-service with the same service id, on the same database and broker: it learns the first one's
 * statements from the command log, runs the same persistent queries in the same Kafka Streams applications (so
 * the two share the partitions), answers pull queries from both instances' state stores, and carries on alone,
 * with the state it takes over, when the first one is gone.
 */
class SecondInstanceTest extends KsqlClient {

    @Autowired
    QueryRegistry queries;

    @Test
    void secondInstanceWithTheSameServiceIdSharesThePersistentQueriesWork() throws Exception {
        String source = uniqueName("orders");
        String sink = uniqueName("big_orders");
        String totals = uniqueName("totals");
        HttpResponse<String> created = ksql("CREATE STREAM " + source + " (ID STRING KEY, AMOUNT INT) WITH ("
                + "KAFKA_TOPIC='" + source + "', VALUE_FORMAT='JSON', PARTITIONS=4);"
                + "CREATE STREAM " + sink + " AS SELECT ID, AMOUNT FROM " + source + " WHERE AMOUNT > 10;"
                + "CREATE TABLE " + totals + " WITH (KAFKA_TOPIC='" + totals + "') AS SELECT ID, SUM(AMOUNT) AS TOTAL"
                + " FROM " + source + " GROUP BY ID;",
                Map.of("auto.offset.reset", "earliest"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String queryId = (String) ((Map<String, Object>) entities(created).get(1).get("commandStatus"))
                .get("queryId");

        ConfigurableApplicationContext second = startInstance(SCHEMA);
        try {
            int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
            String queriesOnSecond = awaitBody(secondPort, "SHOW QUERIES;", queryId);
            assertThat(queriesOnSecond).contains(sink);

            String applicationId = queries.applicationId(queryId);
            Set<String> hosts = awaitGroupMembers(applicationId, 2);
            assertThat(hosts).hasSize(2);

            List<String[]> firstBatch = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                firstBatch.add(new String[] {"k" + i, "{\"AMOUNT\":" + (i % 2 == 0 ? 100 : 1) + "}"});
            }
            produce(source, firstBatch);
            assertThat(awaitKeys(sink, 20)).hasSize(20);

            // the aggregate's keys are spread over both instances' partitions; either instance answers every key
            for (int instancePort : List.of(port, secondPort)) {
                for (String key : List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7")) {
                    assertPullAnswersTotal(instancePort, totals, key);
                }
            }

            // the answers come from the query's state stores, not the table's topic: with the topic emptied both
            // instances still answer every key, each asking the other for the partitions the other runs
            assertThat(awaitKeys(totals, 40)).hasSize(40);
            emptyTopic(totals);
            for (int instancePort : List.of(port, secondPort)) {
                for (String key : List.of("k10", "k11", "k12", "k13", "k14", "k15", "k16", "k17")) {
                    assertPullAnswersTotal(instancePort, totals, key);
                }
                assertThat(awaitRowCount(instancePort, "SELECT * FROM " + totals + ";", 40))
                        .as("table scan on port %d", instancePort).isEqualTo(40);
            }
        } finally {
            second.close();
        }

        List<String[]> afterwards = new ArrayList<>();
        for (int i = 40; i < 60; i++) {
            afterwards.add(new String[] {"k" + i, "{\"AMOUNT\":" + 50 + "}"});
        }
        produce(source, afterwards);
        assertThat(awaitKeys(sink, 40))
                .as("every partition is processed by the remaining instance").hasSize(40);
        // the partitions it took over came with their state, restored from the changelog (the topic has lost it)
        assertThat(awaitRowCount(port, "SELECT * FROM " + totals + ";", 60)).isEqualTo(60);
    }

    /** Deletes every record of the topic's partitions, as retention would. */
    private void emptyTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra().kafkaBootstrap()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
            admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).forEach((tp, offsets) ->
                    deletions.put(tp, RecordsToDelete.beforeOffset(offsets.offset())));
            admin.deleteRecords(deletions).all().get(10, TimeUnit.SECONDS);
        }
        assertThat(consume(topic, 1, Duration.ofSeconds(2))).isEmpty();
    }

    /** How many rows a pull query answers, once it answers {@code expected} (or after 30 s). */
    private int awaitRowCount(int port, String query, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int rows = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/query")).POST(HttpRequest.BodyPublishers.ofString("{\"ksql\":\"" + query + "\"}"))
                    .header("Content-Type", "application/vnd.ksql.v1+json"));
            rows = response.statusCode() == 200 ? response.body().split("\\{\"row\"", -1).length - 1 : -1;
            if (rows == expected) {
                return rows;
            }
            Thread.sleep(200);
        }
        return rows;
    }

    private String awaitBody(int port, String statement, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/ksql")).POST(HttpRequest.BodyPublishers.ofString("{\"ksql\":\"" + statement + "\"}"))
                    .header("Content-Type", "application/vnd.ksql.v1+json"));
            body = response.body();
            if (response.statusCode() == 200 && body.contains(expected)) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the second instance never showed " + expected + " for " + statement + ": " + body);
    }

    /** A pull query by key on the instance at {@code port} answers the key's total: 100 for even keys, else 1. */
    private void assertPullAnswersTotal(int port, String totals, String key) throws InterruptedException {
        String expected = "[\"" + key + "\"," + (Integer.parseInt(key.substring(1)) % 2 == 0 ? 100 : 1) + "]";
        String pull = "SELECT ID, TOTAL FROM " + totals + " WHERE ID='" + key + "';";
        assertThat(awaitPull(port, pull, expected)).as("pull query for %s on port %d", key, port).contains(expected);
    }

    private String awaitPull(int port, String query, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/query")).POST(HttpRequest.BodyPublishers.ofString("{\"ksql\":\"" + query + "\"}"))
                    .header("Content-Type", "application/vnd.ksql.v1+json"));
            body = response.body().replace(" ", "");
            if (response.statusCode() == 200 && body.contains(expected)) {
                return body;
            }
            Thread.sleep(200);
        }
        return body;
    }

    private Set<String> awaitGroupMembers(String groupId, int expected) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra().kafkaBootstrap()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Set<String> clients = Set.of();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).all()
                        .get(10, TimeUnit.SECONDS).get(groupId);
                clients = new HashSet<>();
                for (MemberDescription member : group.members()) {
                    if (!member.assignment().topicPartitions().isEmpty()) {
                        // one Streams client per instance: its client id is the process-unique prefix
                        clients.add(member.clientId().replaceAll("-StreamThread-\\d+-consumer$", ""));
                    }
                }
                if (clients.size() >= expected) {
                    return clients;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("group " + groupId + " has members with partitions from " + clients);
        }
    }

    /** The distinct keys in the topic once there are {@code expected} of them (at-least-once may repeat rows). */
    private Set<String> awaitKeys(String topic, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Set<String> keys = new HashSet<>();
        while (keys.size() < expected && System.nanoTime() < deadline) {
            keys.clear();
            for (ConsumerRecord<String, String> record : consume(topic, expected, Duration.ofSeconds(10))) {
                keys.add(record.key());
            }
        }
        return keys;
    }
}
