package io.tributary.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.commands.CommandLog;
import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.queries.PersistentQuery;
import io.tributary.sql.queries.QueryRegistry;
import io.tributary.sql.queries.QueryRuntimeProperties;
import io.tributary.sql.queries.TableStore;
import io.tributary.sql.web.KsqlClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a restarted server rebuilds from the command log, checked by a second replay inside this JVM. */
class CommandLogReplayTest extends KsqlClient {

    @Autowired
    MetaStore liveMetaStore;

    @Autowired
    QueryRegistry liveQueries;

    @Autowired
    CommandLog commandLog;

    @Autowired
    KafkaTopics topics;

    @Autowired
    QueryRuntimeProperties runtime;

    @Test
    void replayingTheCommandLogRebuildsTheSameSourcesAndRunningQueries() {
        String events = uniqueName("events");
        String kept = uniqueName("kept");
        String gone = uniqueName("gone");
        String table = uniqueName("accounts");
        HttpResponse<String> response = ksql("CREATE STREAM " + events + " (ID INT KEY, KIND STRING, N BIGINT)"
                + " WITH (KAFKA_TOPIC='" + events + "', VALUE_FORMAT='DELIMITED', PARTITIONS=1);"
                + "CREATE TABLE " + table + " (ID STRING PRIMARY KEY, BALANCE DECIMAL(10, 2)) WITH (KAFKA_TOPIC='"
                + table + "', FORMAT='JSON', PARTITIONS=1);"
                + "CREATE STREAM " + kept + " WITH (VALUE_FORMAT='JSON') AS SELECT ID, N + 1 AS NEXT FROM " + events
                + " WHERE KIND = 'a';"
                + "CREATE STREAM " + gone + " AS SELECT * FROM " + events + ";");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String goneQuery = (String) ((Map<String, Object>) entities(response).get(3).get("commandStatus"))
                .get("queryId");
        assertThat(ksql("TERMINATE " + goneQuery + "; DROP STREAM " + gone + " DELETE TOPIC;").statusCode())
                .isEqualTo(200);

        MetaStore replayed = new MetaStore();
        QueryRegistry replayedQueries = new QueryRegistry(infra().kafkaBootstrap(), "replay_", runtime);
        try {
            new CommandExecutor(replayed, replayedQueries, commandLog, topics).catchUp(false);

            assertThat(replayed.all()).containsExactlyElementsOf(liveMetaStore.all());
            assertThat(replayed.source(gone)).isEmpty();
            assertThat(replayed.source(kept).orElseThrow().schemaString()).isEqualTo("`ID` INTEGER KEY, `NEXT` BIGINT");
            assertThat(replayedQueries.all()).extracting(PersistentQuery::id)
                    .containsExactlyElementsOf(liveQueries.all().stream().map(PersistentQuery::id).toList())
                    .doesNotContain(goneQuery);
            assertThat(replayedQueries.all()).extracting(PersistentQuery::applicationId)
                    .allSatisfy(id -> assertThat(id).startsWith("_confluent-ksql-replay_query_"));
            assertThat(liveQueries.all()).extracting(PersistentQuery::applicationId)
                    .allSatisfy(id -> assertThat(id).startsWith("_confluent-ksql-default_query_"));
        } finally {
            replayedQueries.destroy();
        }
    }

    /**
     * A table query that ran before tables were kept for pull queries (its app has committed offsets, but no store
     * changelog) keeps the topology it ran with when replayed, so pull queries read its topic rather than a store
     * that would hold only rows written since; a query that never ran gets the store.
     */
    @Test
    void aTableQueryThatRanBeforeItsStoreExistedIsReplayedWithoutOne() throws Exception {
        String events = uniqueName("visits");
        String table = uniqueName("visits_per_page");
        HttpResponse<String> response = ksql("CREATE STREAM " + events + " (PAGE STRING KEY, N INT) WITH (KAFKA_TOPIC='"
                + events + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                + "CREATE TABLE " + table + " AS SELECT PAGE, COUNT(*) AS VISITS FROM " + events + " GROUP BY PAGE;");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String queryId = (String) ((Map<String, Object>) entities(response).get(1).get("commandStatus"))
                .get("queryId");

        QueryRegistry upgraded = new QueryRegistry(infra().kafkaBootstrap(), "upgraded_", runtime);
        QueryRegistry fresh = new QueryRegistry(infra().kafkaBootstrap(), "fresh_", runtime);
        try {
            commitAnOffset(upgraded.applicationId(queryId), events);
            new CommandExecutor(new MetaStore(), upgraded, commandLog, topics).catchUp(false);
            new CommandExecutor(new MetaStore(), fresh, commandLog, topics).catchUp(false);

            PersistentQuery ranBefore = upgraded.get(queryId).orElseThrow();
            assertThat(ranBefore.tableStore()).isFalse();
            assertThat(ranBefore.topology().describe().toString()).doesNotContain(TableStore.NAME);
            assertThat(upgraded.writing(table)).isEmpty();
            PersistentQuery neverRan = fresh.get(queryId).orElseThrow();
            assertThat(neverRan.tableStore()).isTrue();
            assertThat(neverRan.topology().describe().toString()).contains(TableStore.NAME);
        } finally {
            upgraded.destroy();
            fresh.destroy();
        }
    }

    /** Commits an offset of the topic for the group, as an app that ran would have. */
    private void commitAnOffset(String groupId, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra().kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, groupId), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)));
        }
    }
}
