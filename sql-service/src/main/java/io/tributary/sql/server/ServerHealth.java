package io.tributary.sql.server;

import io.tributary.common.kafka.KafkaCluster;
import io.tributary.common.kafka.KafkaClusterProbe;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Probes what a ksqlDB server depends on, each time it is asked: the metastore (the command log in PostgreSQL)
 * and the Kafka cluster.
 */
@Service
public class ServerHealth {

    private static final Logger log = LoggerFactory.getLogger(ServerHealth.class);

    private final JdbcClient jdbc;
    private final KafkaClusterProbe kafka;

    public ServerHealth(JdbcClient jdbc, KafkaClusterProbe kafka) {
        this.jdbc = jdbc;
        this.kafka = kafka;
    }

    /** Sub-check name to healthy, in ksqlDB's order (its third, {@code commandRunner}, is the engine's to answer). */
    public Map<String, Boolean> check() {
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put("metastore", metastoreAnswers());
        checks.put("kafka", kafkaAnswers());
        return checks;
    }

    /** The Kafka cluster id, asked of the broker. */
    public KafkaCluster cluster() {
        return kafka.describe();
    }

    private boolean metastoreAnswers() {
        try {
            jdbc.sql("SELECT count(*) FROM command_log").query(Long.class).single();
            return true;
        } catch (RuntimeException e) {
            log.warn("Metastore health check failed: {}", e.getMessage());
            return false;
        }
    }

    private boolean kafkaAnswers() {
        try {
            kafka.describe();
            return true;
        } catch (RuntimeException e) {
            log.warn("Kafka health check failed: {}", e.getMessage());
            return false;
        }
    }
}
