package io.tributary.sql.web;

import java.util.Map;

/** The body of {@code POST /ksql} (and of {@code /query}). Unknown fields are ignored, as ksqlDB does. */
public record KsqlRequest(String ksql, Map<String, Object> streamsProperties, Map<String, String> sessionVariables,
        Map<String, Object> requestProperties, Long commandSequenceNumber) {

    public KsqlRequest {
        streamsProperties = streamsProperties == null ? Map.of() : streamsProperties;
        sessionVariables = sessionVariables == null ? Map.of() : sessionVariables;
        requestProperties = requestProperties == null ? Map.of() : requestProperties;
    }
}
