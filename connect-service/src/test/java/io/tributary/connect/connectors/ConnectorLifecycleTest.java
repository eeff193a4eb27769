package io.tributary.connect.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.ConnectApiTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorLifecycleTest extends ConnectApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void createdConnectorRunsAndIsListedWithItsStatusAndInfo() throws Exception {
        String name = unique("life");
        Path file = Files.createTempFile("source", ".txt");
        HttpResponse<String> created = createConnector(name, fileSource(file.toString(), unique("topic")));

        assertThat(created.headers().firstValue("Location")).hasValue(url("/connectors/" + name));
        Map<String, Object> info = map(created);
        assertThat(info.keySet()).containsExactly("name", "config", "tasks", "type");
        assertThat(info.get("type")).isEqualTo("source");
        awaitState(name, "RUNNING");
        awaitTaskState(name, 0, "RUNNING");

        assertThat(list(get("/connectors"))).contains(name);
        Map<String, Object> expanded = map(get("/connectors?expand=status&expand=info"));
        Map<String, Object> mine = (Map<String, Object>) expanded.get(name);
        assertThat(mine).containsKeys("status", "info");
        assertThat((Map<String, Object>) ((Map<String, Object>) mine.get("status")).get("connector"))
                .containsEntry("state", "RUNNING");
        assertThat(((Map<String, Object>) mine.get("info")).get("name")).isEqualTo(name);

        HttpResponse<String> status = get("/connectors/" + name + "/status");
        assertThat(map(status).keySet()).containsExactly("name", "connector", "tasks", "type");
        HttpResponse<String> tasks = get("/connectors/" + name + "/tasks");
        assertThat(tasks.statusCode()).isEqualTo(200);
        Map<String, Object> task = (Map<String, Object>) list(tasks).get(0);
        assertThat(task.get("id")).isEqualTo(Map.of("connector", name, "task", 0));
    }

    @Test
    void pauseResumeAndStopAreObservedThroughStatus() throws Exception {
        String name = unique("states");
        createConnector(name, fileSource(Files.createTempFile("s", ".txt").toString(), unique("topic")));
        awaitState(name, "RUNNING");

        HttpResponse<String> pause = put("/connectors/" + name + "/pause", null);
        assertThat(pause.statusCode()).isEqualTo(202);
        assertThat(pause.body()).isEmpty();
        awaitState(name, "PAUSED");
        awaitTaskState(name, 0, "PAUSED");

        assertThat(put("/connectors/" + name + "/resume", null).statusCode()).isEqualTo(202);
        awaitState(name, "RUNNING");

        HttpResponse<String> stop = put("/connectors/" + name + "/stop", null);
        assertThat(stop.statusCode()).isEqualTo(204);
        awaitState(name, "STOPPED");
        assertThat(list(get("/connectors/" + name + "/tasks"))).isEmpty();

        assertThat(put("/connectors/" + name + "/resume", null).statusCode()).isEqualTo(202);
        awaitState(name, "RUNNING");
    }

    @Test
    void patchWithNullRemovesAKeyAndPutReplacesTheConfig() throws Exception {
        String name = unique("patch");
        String file = Files.createTempFile("p", ".txt").toString();
        Map<String, String> config = new HashMap<>(fileSource(file, unique("topic")));
        config.put("batch.size", "100");
        createConnector(name, config);

        Map<String, Object> patch = new HashMap<>();
        patch.put("batch.size", null);
        patch.put("tasks.max", "1");
        HttpResponse<String> patched = patch("/connectors/" + name + "/config", patch);
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(map(get("/connectors/" + name + "/config"))).doesNotContainKey("batch.size")
                .containsEntry("file", file).containsEntry("name", name);

        Map<String, String> replaced = new HashMap<>(fileSource(file, unique("other")));
        HttpResponse<String> put = put("/connectors/" + name + "/config", replaced);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(map(get("/connectors/" + name + "/config"))).containsEntry("topic", replaced.get("topic"));

        String fresh = unique("putcreate");
        HttpResponse<String> createdByPut = put("/connectors/" + fresh + "/config", fileSource(file, unique("t")));
        assertThat(createdByPut.statusCode()).as(createdByPut.body()).isEqualTo(201);
    }

    @Test
    void restartWithTasksAnswers202WithTheRestartPlanAndPlainRestart204() throws Exception {
        String name = unique("restart");
        createConnector(name, fileSource(Files.createTempFile("r", ".txt").toString(), unique("topic")));
        awaitTaskState(name, 0, "RUNNING");

        HttpResponse<String> plain = post("/connectors/" + name + "/restart", null, "");
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(204);

        HttpResponse<String> withTasks = post("/connectors/" + name + "/restart?includeTasks=true", null, "");
        assertThat(withTasks.statusCode()).as(withTasks.body()).isEqualTo(202);
        assertThat(withTasks.body()).contains("\"RESTARTING\"");

        assertThat(post("/connectors/" + name + "/tasks/0/restart", null, "").statusCode()).isEqualTo(204);
        awaitState(name, "RUNNING");
        awaitTaskState(name, 0, "RUNNING");
    }

    @Test
    void deletedConnectorIsGone() throws Exception {
        String name = unique("del");
        createConnector(name, fileSource(Files.createTempFile("d", ".txt").toString(), unique("topic")));

        assertThat(delete("/connectors/" + name).statusCode()).isEqualTo(204);
        assertThat(get("/connectors/" + name).statusCode()).isEqualTo(404);
        assertThat(list(get("/connectors"))).doesNotContain(name);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyConfigChangeIsRecordedWithItsCaller() throws Exception {
        String name = unique("hist");
        String file = Files.createTempFile("h", ".txt").toString();
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:secret".getBytes());
        HttpResponse<String> created = post("/connectors", JSON_TYPE,
                json(Map.of("name", name, "config", fileSource(file, unique("topic")))), "Authorization", basic);
        assertThat(created.statusCode()).isEqualTo(201);
        Map<String, Object> patch = new HashMap<>();
        patch.put("batch.size", "10");
        patch("/connectors/" + name + "/config", patch);
        put("/connectors/" + name + "/pause", null);
        delete("/connectors/" + name);

        List<Object> history = list(get("/connectors/" + name + "/history"));
        assertThat(history).extracting(h -> ((Map<String, Object>) h).get("action"))
                .containsExactly("create", "patch", "pause", "delete");
        Map<String, Object> first = (Map<String, Object>) history.get(0);
        assertThat(first.get("changed_by")).isEqualTo("alice");
        assertThat(first.get("config_before")).isNull();
        assertThat((Map<String, Object>) first.get("config")).containsEntry("file", file);
        Map<String, Object> patchChange = (Map<String, Object>) history.get(1);
        assertThat((Map<String, Object>) patchChange.get("config")).containsEntry("batch.size", "10");
        assertThat((Map<String, Object>) patchChange.get("config_before")).doesNotContainKey("batch.size");
        assertThat(((Map<String, Object>) history.get(1)).get("changed_by")).isNull();
    }
}
