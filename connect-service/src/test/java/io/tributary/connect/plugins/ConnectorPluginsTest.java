package io.tributary.connect.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.ConnectApiTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorPluginsTest extends ConnectApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void builtInConnectorsAreListed() {
        List<Object> plugins = list(get("/connector-plugins"));
        assertThat(plugins).extracting(p -> ((Map<String, Object>) p).get("class")).contains(
                "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "org.apache.kafka.connect.mirror.MirrorSourceConnector",
                "org.apache.kafka.connect.mirror.MirrorCheckpointConnector");
        assertThat(plugins).extracting(p -> ((Map<String, Object>) p).get("type")).containsOnly("source", "sink");
        Map<String, Object> first = (Map<String, Object>) plugins.get(0);
        assertThat(first.keySet()).containsExactly("class", "type", "version");

        List<Object> all = list(get("/connector-plugins?connectorsOnly=false"));
        assertThat(all).extracting(p -> ((Map<String, Object>) p).get("type"))
                .contains("transformation", "converter", "predicate", "header_converter");
    }

    @Test
    @SuppressWarnings("unchecked")
    void configDefinitionOfAPluginListsItsKeys() {
        HttpResponse<String> response = get("/connector-plugins/FileStreamSource/config");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(list(response)).extracting(k -> ((Map<String, Object>) k).get("name")).contains("file", "topic");

        HttpResponse<String> unknown = get("/connector-plugins/NoSuchPlugin/config");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(map(unknown).get("message")).isEqualTo("Unknown plugin NoSuchPlugin.");
    }

    @Test
    void validationAnswersTheErrorCount() {
        HttpResponse<String> valid = put("/connector-plugins/FileStreamSinkConnector/config/validate",
                Map.of("connector.class", "FileStreamSink", "name", "v", "topics", "t", "file", "/tmp/out"));
        assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
        Map<String, Object> result = map(valid);
        assertThat(result.keySet()).startsWith("name", "error_count", "groups", "configs");
        assertThat(result.get("name")).isEqualTo("FileStreamSink");
        assertThat(result.get("error_count")).isEqualTo(0);

        HttpResponse<String> invalid = put("/connector-plugins/FileStreamSink/config/validate",
                Map.of("connector.class", "FileStreamSink", "name", "v", "tasks.max", "zero"));
        assertThat(invalid.statusCode()).isEqualTo(200);
        assertThat((Integer) map(invalid).get("error_count")).isGreaterThanOrEqualTo(1);

        HttpResponse<String> mismatch = put("/connector-plugins/FileStreamSource/config/validate",
                Map.of("connector.class", "FileStreamSink"));
        assertThat(mismatch.statusCode()).isEqualTo(400);
    }
}
