package io.tributary.sql.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.web.KsqlClient;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Runs every case of the RQTT files named in {@code -Drqtt.files} (comma-separated), or those whose name matches
 * {@code -Drqtt.names} (a regex); skipped unless given.
 */
class RqttAllCasesProbe extends KsqlClient {

    @Autowired
    Admin admin;

    @Autowired
    MetaStore metaStore;

    @Test
    void runsTheNamedFiles() {
        String files = System.getProperty("rqtt.files");
        assumeTrue(files != null && !files.isBlank(), "set -Drqtt.files to run");
        Path dir = Path.of(System.getProperty("tributary.conformance.dir", "../../shared/conformance/ksqldb"));
        new RqttRunner(url(""), infra().kafkaBootstrap(), admin, metaStore).runFiles(dir, List.of(files.split(",")),
                java.util.regex.Pattern.compile(System.getProperty("rqtt.names", "")));
    }
}
