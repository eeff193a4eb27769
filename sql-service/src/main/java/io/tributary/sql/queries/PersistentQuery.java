package io.tributary.sql.queries;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * A running persistent query: what it reads and writes, its topology and the Kafka Streams app running it;
 * {@code tableStore} when it keeps the table it writes in a state store for pull queries ({@link TableStore}, or
 * its aggregate's store: {@link TableStore#inAggregateStore}); {@code plan} what it computes.
 */
public record PersistentQuery(String id, String statementText, String sinkName, String sinkTopic,
        List<String> sourceNames, String applicationId, Topology topology, KafkaStreams streams,
        Map<String, Object> overriddenProperties, boolean tableStore, QueryPlan plan) {

    /** ksqlDB's query state: {@code ERROR} when the app failed, otherwise {@code RUNNING}. */
    public String state() {
        if (streams == null) {
            return "RUNNING";
        }
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR ? "ERROR" : "RUNNING";
    }
}
