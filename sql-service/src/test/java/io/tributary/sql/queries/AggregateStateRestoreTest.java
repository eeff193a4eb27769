package io.tributary.sql.queries;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.web.KsqlClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An aggregation's state outlives the process running it: the same query started again with no local state (as on
 * another host, or after its state directory is lost) restores its store from the changelog topic and resumes from
 * the committed offsets, so counts go on from where they were instead of starting again.
 */
class AggregateStateRestoreTest extends KsqlClient {

    @Autowired
    QueryRegistry queries;

    @Test
    void aggregateRestartedWithoutLocalStateContinuesFromItsChangelog() throws Exception {
        String clicks = uniqueName("clicks");
        String perUser = uniqueName("clicks_per_user");
        var created = ksql("CREATE STREAM " + clicks + " (USERID STRING KEY, PAGE STRING) WITH (KAFKA_TOPIC='"
                + clicks + "', VALUE_FORMAT='JSON', PARTITIONS=1);"
                + "CREATE TABLE " + perUser + " AS SELECT USERID, COUNT(*) AS CLICKS FROM " + clicks
                + " GROUP BY USERID;",
                // a Streams member does not leave its group on close: a short session lets the restart take over fast
                Map.of("auto.offset.reset", "earliest", "session.timeout.ms", 6000));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String queryId = (String) ((Map<String, Object>) entities(created).get(1).get("commandStatus"))
                .get("queryId");
        PersistentQuery query = queries.get(queryId).orElseThrow();

        produce(clicks, List.of(new String[] {"ada", "{\"PAGE\":\"a\"}"}, new String[] {"ada", "{\"PAGE\":\"b\"}"},
                new String[] {"ada", "{\"PAGE\":\"c\"}"}));
        assertThat(latestCount(perUser, 3)).isEqualTo(3);

        query.streams().close(Duration.ofSeconds(30));
        Properties config = queries.streamsConfig(query.applicationId(), query.overriddenProperties());
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("restored-state").toString());
        try (KafkaStreams restarted = new KafkaStreams(query.topology(), config)) {
            restarted.start();
            produce(clicks, List.<String[]>of(new String[] {"ada", "{\"PAGE\":\"d\"}"}));

            assertThat(latestCount(perUser, 4)).as("the count goes on from the restored store").isEqualTo(4);
            restarted.close(Duration.ofSeconds(30));
        }
    }

    /** The last CLICKS value written for the key once one reaches {@code expected} (or the last seen). */
    private int latestCount(String topic, int expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int latest = -1;
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consume(topic, 100, Duration.ofSeconds(3))) {
                if (record.value() != null) {
                    latest = ((Number) json(record.value()).get("CLICKS")).intValue();
                }
            }
            if (latest >= expected) {
                return latest;
            }
        }
        return latest;
    }
}
