package io.tributary.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.commands.CommandLog;
import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.queries.PersistentQuery;
import io.tributary.sql.queries.QueryRegistry;
import io.tributary.sql.queries.QueryRuntimeProperties;
import io.tributary.sql.web.KsqlClient;
import java.net.http.HttpResponse;
import java.util.Map;
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
}
