package io.tributary.connect.loggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.ConnectApiTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggersTest extends ConnectApiTest {

    @Test
    void rootLoggerIsListed() {
        HttpResponse<String> response = get("/admin/loggers");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(map(response)).containsKey("root");
    }

    @Test
    @SuppressWarnings("unchecked")
    void workerScopeSetsTheLevelOfANamespaceAndItsChildren() {
        LoggerFactory.getLogger("io.tributary.loggerstest.child");
        HttpResponse<String> set = put("/admin/loggers/io.tributary.loggerstest", Map.of("level", "DEBUG"));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(list(set)).contains("io.tributary.loggerstest", "io.tributary.loggerstest.child");

        Map<String, Object> level = map(get("/admin/loggers/io.tributary.loggerstest.child"));
        assertThat(level.get("level")).isEqualTo("DEBUG");
        assertThat(level.keySet()).containsExactly("level", "last_modified");
        assertThat((Map<String, Object>) map(get("/admin/loggers")).get("io.tributary.loggerstest"))
                .containsEntry("level", "DEBUG");
    }

    @Test
    void clusterScopeReachesThisWorkerThroughTheConfigTopic() {
        HttpResponse<String> set = put("/admin/loggers/io.tributary.clusterwide?scope=cluster", Map.of("level", "TRACE"));
        assertThat(set.statusCode()).isEqualTo(204);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(map(get("/admin/loggers/io.tributary.clusterwide")).get("level")).isEqualTo("TRACE"));
    }

    @Test
    void unknownLoggerAndInvalidLevelAnswer404() {
        HttpResponse<String> unknown = get("/admin/loggers/no.such.logger.anywhere");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(map(unknown).get("message")).isEqualTo("Logger no.such.logger.anywhere not found.");

        HttpResponse<String> loud = put("/admin/loggers/io.tributary", Map.of("level", "LOUD"));
        assertThat(loud.statusCode()).isEqualTo(404);
        assertThat(map(loud).get("message")).isEqualTo("invalid log level 'LOUD'.");

        HttpResponse<String> missing = put("/admin/loggers/io.tributary", Map.of("lvl", "INFO"));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(list(get("/connectors"))).isInstanceOf(List.class);
    }
}
