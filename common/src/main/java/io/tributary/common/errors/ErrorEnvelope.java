package io.tributary.common.errors;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one error body every Tributary API answers with: {@code {"error_code": n, "message": "..."}}, plus the
 * fields an API adds of its own (KSQL's {@code @type} and {@code statementText}, for example).
 */
@JsonPropertyOrder({"error_code", "message"})
public record ErrorEnvelope(
        @JsonProperty("error_code") int errorCode,
        @JsonProperty("message") String message,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> details) {

    public ErrorEnvelope {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public ErrorEnvelope(int errorCode, String message) {
        this(errorCode, message, Map.of());
    }

    @Override
    @JsonAnyGetter
    public Map<String, Object> details() {
        return details;
    }

    public ErrorEnvelope with(String field, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(field, value);
        return new ErrorEnvelope(errorCode, message, more);
    }
}
