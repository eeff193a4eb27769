package io.tributary.connect.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.ConnectApiTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ConnectorOffsetsTest extends ConnectApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void offsetsAreReadWhileRunningAndChangedOnlyWhileStopped() throws Exception {
        String name = unique("offsets");
        Path file = Files.createTempFile("offsets", ".txt");
        Files.writeString(file, "one\ntwo\n");
        createConnector(name, fileSource(file.toString(), unique("topic")));
        String path = "/connectors/" + name + "/offsets";

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            HttpResponse<String> offsets = get(path);
            assertThat(offsets.statusCode()).isEqualTo(200);
            List<Object> entries = (List<Object>) map(offsets).get("offsets");
            assertThat(entries).hasSize(1);
            Map<String, Object> entry = (Map<String, Object>) entries.get(0);
            assertThat(entry.get("partition")).isEqualTo(Map.of("filename", file.toString()));
            assertThat(entry.get("offset")).isEqualTo(Map.of("position", 8));
        });

        Map<String, Object> rewind = Map.of("offsets", List.of(Map.of(
                "partition", Map.of("filename", file.toString()), "offset", Map.of("position", 4))));
        HttpResponse<String> whileRunning = patch(path, rewind);
        assertThat(whileRunning.statusCode()).isEqualTo(400);
        assertThat((String) map(whileRunning).get("message"))
                .startsWith("Connectors must be in the STOPPED state before their offsets can be modified");
        assertThat(map(whileRunning).get("error_code")).isEqualTo(400);

        assertThat(put("/connectors/" + name + "/stop", null).statusCode()).isEqualTo(204);
        awaitState(name, "STOPPED");
        HttpResponse<String> altered = patch(path, rewind);
        assertThat(altered.statusCode()).as(altered.body()).isEqualTo(200);
        assertThat(map(altered).get("message")).asString().contains("altered successfully");
        Map<String, Object> entry = (Map<String, Object>) ((List<Object>) map(get(path)).get("offsets")).get(0);
        assertThat(entry.get("offset")).isEqualTo(Map.of("position", 4));

        HttpResponse<String> reset = delete(path);
        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(map(reset).get("message")).asString().contains("reset successfully");
        assertThat((List<Object>) map(get(path)).get("offsets")).isEmpty();

        List<Object> history = list(get("/connectors/" + name + "/history"));
        assertThat(history).extracting(h -> ((Map<String, Object>) h).get("action"))
                .containsExactly("create", "stop", "alter-offsets", "reset-offsets");
    }

    @Test
    void offsetsBodyWithAnUnknownFieldOrNoOffsetsIsRefused() throws Exception {
        String name = unique("offbad");
        createConnector(name, fileSource(Files.createTempFile("o", ".txt").toString(), unique("topic")));
        String path = "/connectors/" + name + "/offsets";

        HttpResponse<String> unknown = patch(path, Map.of("offsets", List.of(), "extra", 1));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(map(unknown).get("message")).asString().contains("extra");

        HttpResponse<String> empty = patch(path, Map.of("offsets", List.of()));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(map(empty).get("message"))
                .isEqualTo("Partitions / offsets need to be provided for an alter offsets request");
    }
}
