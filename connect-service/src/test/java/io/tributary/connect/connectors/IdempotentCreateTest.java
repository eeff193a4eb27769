package io.tributary.connect.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connect.ConnectApiTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdempotentCreateTest extends ConnectApiTest {

    @Test
    void repeatedCreateWithTheSameKeyAndBodyAnswersTheFirstResult() throws Exception {
        String name = unique("idem");
        String body = json(Map.of("name", name,
                "config", fileSource(Files.createTempFile("i", ".txt").toString(), unique("t"))));
        String key = unique("key");

        HttpResponse<String> first = post("/connectors", JSON_TYPE, body, "Idempotency-Key", key);
        HttpResponse<String> again = post("/connectors", JSON_TYPE, body, "Idempotency-Key", key);
        HttpResponse<String> withoutKey = post("/connectors", JSON_TYPE, body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(map(again)).isEqualTo(map(first));
        assertThat(again.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(withoutKey.statusCode()).isEqualTo(409);
        assertThat(list(get("/connectors/" + name + "/history"))).hasSize(1);
    }

    @Test
    void anotherBodyUnderAUsedKeyAnswers422() throws Exception {
        String key = unique("key");
        String file = Files.createTempFile("i", ".txt").toString();
        HttpResponse<String> first = post("/connectors", JSON_TYPE,
                json(Map.of("name", unique("idem"), "config", fileSource(file, unique("t")))), "Idempotency-Key", key);
        assertThat(first.statusCode()).isEqualTo(201);

        String other = unique("idem");
        HttpResponse<String> reused = post("/connectors", JSON_TYPE,
                json(Map.of("name", other, "config", fileSource(file, unique("t")))), "Idempotency-Key", key);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(map(reused).get("error_code")).isEqualTo(422);
        assertThat(get("/connectors/" + other).statusCode()).isEqualTo(404);
    }
}
