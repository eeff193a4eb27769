package io.tributary.sql.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.web.KsqlClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The RQTT core selection run through {@link RqttRunner} against this module's running service and broker. The case
 * files are read from {@code -Dtributary.conformance.dir} (default: the shared checkout next to the repository);
 * the test is skipped when they are not there. No file's pass count may fall below its recorded figure: raise the
 * figures as you go.
 */
class RqttConformanceTest extends KsqlClient {

    /** Passes recorded per file of the core selection (40 push-queries, 22 insert-values, 29 pull-queries cases). */
    static final Map<String, Integer> RECORDED_PASSES = Map.of(
            "push-queries.json", 39,
            "insert-values.json", 21,
            "pull-queries-against-materialized-aggregates.json", 29);

    @Autowired
    Admin admin;

    @Autowired
    MetaStore metaStore;

    @Test
    void coreCasesPassAtLeastAsOftenAsRecordedPerFile() throws Exception {
        Path dir = Path.of(System.getProperty("tributary.conformance.dir", "../../shared/conformance/ksqldb"));
        assumeTrue(Files.exists(dir.resolve("core_selection.json")), "no conformance data at " + dir.toAbsolutePath());

        List<RqttRunner.Result> results = new RqttRunner(url(""), infra().kafkaBootstrap(), admin, metaStore)
                .runCore(dir);

        Map<String, Long> passed = results.stream().filter(RqttRunner.Result::passed)
                .collect(Collectors.groupingBy(RqttRunner.Result::file, Collectors.counting()));
        Map<String, Long> total = results.stream()
                .collect(Collectors.groupingBy(RqttRunner.Result::file, Collectors.counting()));
        total.forEach((file, count) -> System.out.println(file + ": " + passed.getOrDefault(file, 0L) + "/" + count));
        RECORDED_PASSES.forEach((file, floor) -> assertThat(passed.getOrDefault(file, 0L))
                .as("RQTT core passes in %s (of %d)", file, total.getOrDefault(file, 0L))
                .isGreaterThanOrEqualTo(floor.longValue()));
    }
}
