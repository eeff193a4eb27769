package io.tributary.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiTest extends ConnectApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void openApiDescribesTheConnectApiAndTheHistoryExtensionButNotTheInternalEndpoints() {
        HttpResponse<String> docs = get("/v3/api-docs");
        assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
        Map<String, Object> paths = (Map<String, Object>) map(docs).get("paths");
        assertThat(paths).containsKeys("/connectors", "/connectors/{connector}/status",
                "/connectors/{connector}/history", "/connector-plugins", "/admin/loggers/{logger}");
        assertThat((Map<String, Object>) paths.get("/connectors/{connector}/tasks")).doesNotContainKey("post");
        assertThat(paths).doesNotContainKey("/connectors/{connector}/fence");
    }
}
