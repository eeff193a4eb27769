package io.tributary.gateway.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ErrorBodyNormalizerTest {

    private final ErrorBodyNormalizer normalizer = new ErrorBodyNormalizer();

    @Test
    void leavesShapedBodiesAlone() {
        assertThat(normalize(400, MediaType.APPLICATION_JSON, "{\"error_code\":40001,\"message\":\"bad\",\"x\":1}"))
                .isNull();
    }

    @Test
    void turnsAStringCodeIntoANumber() {
        assertThat(normalize(400, MediaType.APPLICATION_JSON, "{\"error_code\":\"40002\",\"message\":\"bad\"}"))
                .isEqualTo("{\"error_code\":40002,\"message\":\"bad\"}");
    }

    @Test
    void replacesAMessageThatIsNotAString() {
        assertThat(normalize(500, MediaType.APPLICATION_JSON, "{\"error_code\":500,\"message\":{\"nested\":true}}"))
                .isEqualTo("{\"error_code\":500,\"message\":\"Internal Server Error\"}");
    }

    @Test
    void readsJsonObjectsWhateverTheirDeclaredType() {
        assertThat(normalize(422, MediaType.TEXT_PLAIN, "  {\"detail\":\"x\"}"))
                .isEqualTo("{\"error_code\":422,\"message\":\"Unprocessable Content\",\"detail\":\"x\"}");
    }

    @Test
    void keepsNumbersOfExtraFieldsAsWritten() {
        assertThat(normalize(400, null, "{\"limit\":1.50,\"offset\":123456789012345678901234567890}"))
                .isEqualTo("{\"error_code\":400,\"message\":\"Bad Request\",\"limit\":1.50,"
                        + "\"offset\":123456789012345678901234567890}");
    }

    @Test
    void treatsTrailingGarbageAsNotJson() {
        assertThat(normalize(500, MediaType.APPLICATION_JSON, "{\"a\":1} trailing"))
                .isEqualTo("{\"error_code\":500,\"message\":\"Internal Server Error\"}");
    }

    @Test
    void usesShortPlainTextAsTheMessage() {
        assertThat(normalize(404, null, "HTTP 404 Not Found\n"))
                .isEqualTo("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
    }

    @Test
    void ignoresHtmlAndBinaryBodies() {
        assertThat(normalize(502, null, "<!DOCTYPE html><html></html>"))
                .isEqualTo("{\"error_code\":502,\"message\":\"Bad Gateway\"}");
        assertThat(normalizeBytes(500, MediaType.APPLICATION_OCTET_STREAM, new byte[] {1, 2, (byte) 0xff}))
                .isEqualTo("{\"error_code\":500,\"message\":\"Internal Server Error\"}");
    }

    @Test
    void namesUnknownStatusesByNumber() {
        assertThat(normalize(599, null, "")).isEqualTo("{\"error_code\":599,\"message\":\"HTTP 599\"}");
    }

    private String normalize(int status, MediaType type, String body) {
        return normalizeBytes(status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private String normalizeBytes(int status, MediaType type, byte[] body) {
        ErrorBodyNormalizer.Outcome outcome = normalizer.normalize(status, type, body);
        return outcome instanceof ErrorBodyNormalizer.Rewritten rewritten
                ? new String(rewritten.body(), StandardCharsets.UTF_8) : null;
    }
}
