package io.tributary.connect.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.ConnectApiTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorBadInputTest extends ConnectApiTest {

    private Map<String, Object> error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> body = map(response);
        assertThat(body.keySet()).containsExactly("error_code", "message");
        assertThat(body.get("error_code")).isEqualTo(status);
        return body;
    }

    @Test
    void unknownConnectorAnswers404() {
        String name = unique("ghost");
        assertThat(error(get("/connectors/" + name), 404).get("message")).isEqualTo("Connector " + name + " not found");
        error(get("/connectors/" + name + "/config"), 404);
        error(get("/connectors/" + name + "/status"), 404);
        error(get("/connectors/" + name + "/tasks"), 404);
        error(get("/connectors/" + name + "/tasks/0/status"), 404);
        error(put("/connectors/" + name + "/pause", null), 404);
        error(put("/connectors/" + name + "/stop", null), 404);
        error(post("/connectors/" + name + "/restart", null, ""), 404);
        error(delete("/connectors/" + name), 404);
        error(patch("/connectors/" + name + "/config", Map.of("tasks.max", "2")), 404);
        error(get("/connectors/" + name + "/offsets"), 404);
    }

    @Test
    void topicsOfAnUnknownConnectorAreAnEmptyList() {
        String name = unique("ghost");
        HttpResponse<String> response = get("/connectors/" + name + "/topics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(map(response)).isEqualTo(Map.of(name, Map.of("topics", List.of())));
    }

    @Test
    void duplicateCreateAnswers409() throws Exception {
        String name = unique("dup");
        Map<String, String> config = fileSource(Files.createTempFile("d", ".txt").toString(), unique("t"));
        createConnector(name, config);
        HttpResponse<String> again = post("/connectors", JSON_TYPE, json(Map.of("name", name, "config", config)));
        assertThat(error(again, 409).get("message")).isEqualTo("Connector " + name + " already exists");
    }

    @Test
    void missingNameAnswers400WithTheValidationMessage() {
        HttpResponse<String> response = post("/connectors", JSON_TYPE,
                json(Map.of("config", Map.of("connector.class", "FileStreamSource", "topic", "t"))));
        assertThat(error(response, 400).get("message")).asString()
                .startsWith("Connector configuration is invalid and contains the following 1 error(s)");
    }

    @Test
    void malformedOrIncompleteBodiesAnswer400() {
        error(post("/connectors", JSON_TYPE, "{\"name\": "), 400);
        error(post("/connectors", JSON_TYPE, ""), 400);
        error(post("/connectors", JSON_TYPE, json(Map.of("name", unique("noconfig")))), 400);
        error(request("PUT", "/connectors/x/config", JSON_TYPE, "[1,2]"), 400);
        error(request("PATCH", "/connectors/x/config", JSON_TYPE, "{"), 400);
    }

    @Test
    void unknownInitialStateAnswers400() {
        HttpResponse<String> response = post("/connectors", JSON_TYPE, json(Map.of("name", unique("state"),
                "config", Map.of("connector.class", "FileStreamSource"), "initial_state", "SLEEPING")));
        assertThat(error(response, 400).get("message")).asString().contains("SLEEPING");
    }

    @Test
    void unknownConnectorClassAndControlCharactersInTheNameAnswer400AndStoreNothing() {
        String name = unique("badclass");
        HttpResponse<String> badClass = post("/connectors", JSON_TYPE,
                json(Map.of("name", name, "config", Map.of("connector.class", "NoSuchConnector"))));
        error(badClass, 400);
        error(get("/connectors/" + name), 404);

        HttpResponse<String> control = post("/connectors", JSON_TYPE,
                json(Map.of("name", "bad\u0007name", "config", fileSource("/tmp/x", "t"))));
        error(control, 400);
        HttpResponse<String> slash = post("/connectors", JSON_TYPE,
                json(Map.of("name", "a/b", "config", fileSource("/tmp/x", "t"))));
        error(slash, 400);
        assertThat(list(get("/connectors"))).doesNotContain(name, "bad\u0007name", "a/b");
    }

    @Test
    void nameInTheConfigMustMatchTheUrl() {
        Map<String, String> config = new HashMap<>(fileSource("/tmp/x", "t"));
        config.put("name", "other");
        assertThat(error(put("/connectors/" + unique("mismatch") + "/config", config), 400).get("message"))
                .asString().startsWith("Connector name configuration (other) doesn't match connector name in the URL");
    }

    @Test
    void wrongContentTypeAnswers415() {
        error(post("/connectors", "text/plain", "name=x"), 415);
    }

    @Test
    void unknownTaskAnswers404AndTasksConfigIsGone() throws Exception {
        String name = unique("tasks");
        createConnector(name, fileSource(Files.createTempFile("t", ".txt").toString(), unique("t")));
        awaitTaskState(name, 0, "RUNNING");

        error(get("/connectors/" + name + "/tasks/7/status"), 404);
        error(get("/connectors/" + name + "/tasks/x/status"), 404);
        error(post("/connectors/" + name + "/tasks/7/restart", null, ""), 404);
        error(get("/connectors/" + name + "/tasks-config"), 404);
    }

    @Test
    void connectorCreatedPausedOrStoppedStartsInThatState() throws Exception {
        String paused = unique("initpaused");
        HttpResponse<String> response = post("/connectors", JSON_TYPE, json(Map.of("name", paused,
                "config", fileSource(Files.createTempFile("i", ".txt").toString(), unique("t")),
                "initial_state", "PAUSED")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        awaitState(paused, "PAUSED");

        String stopped = unique("initstopped");
        response = post("/connectors", JSON_TYPE, json(Map.of("name", stopped,
                "config", fileSource(Files.createTempFile("i", ".txt").toString(), unique("t")),
                "initial_state", "STOPPED")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        awaitState(stopped, "STOPPED");
    }
}
