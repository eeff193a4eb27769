package io.tributary.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.ServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Helpers for tests of the Connect API: JSON in and out, connectors with unique names, waiting for states.
 * It adds no configuration of its own, so every test class of the module shares one application (and one
 * Connect worker).
 */
public abstract class ConnectApiTest extends ServiceIntegrationTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final String JSON_TYPE = "application/json";

    protected static String unique(String prefix) {
        return TestInfrastructure.uniqueName(prefix);
    }

    protected static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    protected static Map<String, Object> map(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
    }

    protected static List<Object> list(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<List<Object>>() { });
    }

    protected HttpResponse<String> put(String path, Object body) {
        return request("PUT", path, JSON_TYPE, body == null ? null : json(body));
    }

    protected HttpResponse<String> patch(String path, Object body) {
        return request("PATCH", path, JSON_TYPE, json(body));
    }

    protected HttpResponse<String> delete(String path) {
        return request("DELETE", path, null, null);
    }

    protected HttpResponse<String> createConnector(String name, Map<String, String> config) {
        HttpResponse<String> response = post("/connectors", JSON_TYPE, json(Map.of("name", name, "config", config)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return response;
    }

    /** A FileStreamSource reading {@code file} into {@code topic}. */
    protected static Map<String, String> fileSource(String file, String topic) {
        return Map.of("connector.class", "FileStreamSource", "tasks.max", "1", "file", file, "topic", topic);
    }

    @SuppressWarnings("unchecked")
    protected String connectorState(String name) {
        HttpResponse<String> response = get("/connectors/" + name + "/status");
        if (response.statusCode() != 200) {
            return "HTTP " + response.statusCode();
        }
        return (String) ((Map<String, Object>) map(response).get("connector")).get("state");
    }

    @SuppressWarnings("unchecked")
    protected String taskState(String name, int task) {
        HttpResponse<String> response = get("/connectors/" + name + "/tasks/" + task + "/status");
        return response.statusCode() != 200 ? "HTTP " + response.statusCode() : (String) map(response).get("state");
    }

    protected void awaitState(String name, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(connectorState(name)).isEqualTo(state));
    }

    protected void awaitTaskState(String name, int task, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(taskState(name, task)).isEqualTo(state));
    }
}
