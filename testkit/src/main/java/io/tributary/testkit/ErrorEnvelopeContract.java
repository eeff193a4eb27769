package io.tributary.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bad-input contract every service honours: unknown paths, wrong methods, malformed JSON, wrong content
 * types and oversized bodies answer the {@code {"error_code", "message"}} envelope with the right 4xx, never a
 * stack trace, an HTML page or a 500. A service's test extends it and says how its API numbers errors.
 */
public abstract class ErrorEnvelopeContract extends ServiceIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The {@code error_code} this API answers for a generic failure with this HTTP status. */
    protected abstract int errorCodeFor(int httpStatus);

    /** A path the service serves with GET only. */
    protected abstract String getOnlyPath();

    @Test
    void unknownPathAnswers404Envelope() {
        assertEnvelope(get("/no/such/path"), 404);
    }

    @Test
    void wrongMethodAnswers405Envelope() {
        assertEnvelope(request("DELETE", getOnlyPath(), null, null), 405);
    }

    @Test
    void malformedJsonAnswers400Envelope() {
        HttpResponse<String> response = post(JsonEchoController.PATH, "application/json", "{\"name\": ");
        Map<String, Object> body = assertEnvelope(response, 400);
        assertThat((String) body.get("message")).startsWith("Malformed request body");
    }

    @Test
    void wellFormedJsonReachesTheEndpoint() {
        HttpResponse<String> response = post(JsonEchoController.PATH, "application/json", "{\"name\":\"x\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"name\":\"x\"}");
    }

    @Test
    void wrongContentTypeAnswers415Envelope() {
        assertEnvelope(post(JsonEchoController.PATH, "text/plain", "name=x"), 415);
    }

    @Test
    void bodyOverTheLimitAnswers413Envelope() {
        String big = "{\"pad\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}";
        assertEnvelope(post(JsonEchoController.PATH, "application/json", big), 413);
    }

    @Test
    void chunkedBodyOverTheLimitAnswers413Envelope() throws Exception {
        RawHttpExchange.Response response = RawHttpExchange.postChunked(port, JsonEchoController.PATH,
                "application/json", "{\"pad\":\"", "x".repeat(1024 * 1024), 11);
        assertThat(response.status()).as(response.body()).isEqualTo(413);
        Map<String, Object> body = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
        assertThat(body.get("error_code")).isEqualTo(errorCodeFor(413));
    }

    protected Map<String, Object> assertEnvelope(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Map<String, Object> body = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
        assertThat(body.get("error_code")).isEqualTo(errorCodeFor(status));
        assertThat(body.get("message")).isInstanceOf(String.class);
        assertThat((String) body.get("message")).isNotBlank().doesNotContain("\tat ", "Exception:");
        return body;
    }
}
