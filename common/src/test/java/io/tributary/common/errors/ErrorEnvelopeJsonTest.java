package io.tributary.common.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ErrorEnvelopeJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void writesErrorCodeThenMessage() {
        String text = json.writeValueAsString(new ErrorEnvelope(40401, "Topic not found"));
        assertThat(text).isEqualTo("{\"error_code\":40401,\"message\":\"Topic not found\"}");
    }

    @Test
    void writesExtraFieldsAfterTheTwoRequiredOnes() {
        ErrorEnvelope envelope = new ErrorEnvelope(40001, "bad statement")
                .with("statementText", "SELECT * FROM nope;")
                .with("entities", java.util.List.of());
        String text = json.writeValueAsString(envelope);
        assertThat(text).isEqualTo("{\"error_code\":40001,\"message\":\"bad statement\","
                + "\"statementText\":\"SELECT * FROM nope;\",\"entities\":[]}");
    }

    @Test
    void readsBackTheSameCodeAndMessage() {
        Map<String, Object> parsed = json.readValue(json.writeValueAsString(new ErrorEnvelope(404, "gone")), new tools.jackson.core.type.TypeReference<Map<String, Object>>() { });
        assertThat(parsed).containsEntry("error_code", 404).containsEntry("message", "gone");
    }
}
