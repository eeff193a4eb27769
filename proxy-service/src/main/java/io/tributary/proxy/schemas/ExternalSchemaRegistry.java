package io.tributary.proxy.schemas;

import io.tributary.proxy.errors.RestProxyError;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.util.UriUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Schema-Registry-compatible service reached over HTTP (Confluent's API: {@code POST /subjects/{s}/versions},
 * {@code GET /schemas/ids/{id}}, {@code GET /subjects/{s}/versions}). Several URLs, comma-separated, are tried in
 * turn when one cannot be reached. Any failure is the real proxy's {@code 40801}.
 */
final class ExternalSchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final List<String> urls = new ArrayList<>();
    private final JsonMapper json;
    private final Duration timeout;
    private final HttpClient http;

    ExternalSchemaRegistry(String urls, JsonMapper json, Duration timeout) {
        for (String url : urls.split(",")) {
            String trimmed = url.trim();
            if (!trimmed.isEmpty()) {
                this.urls.add(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            }
        }
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** Registers the schema under the subject (or finds it there) and answers its id. */
    int register(String subject, SchemaRegistry.SchemaType type, String schemaText) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schema", schemaText);
        if (type != SchemaRegistry.SchemaType.AVRO) {
            // AVRO is the default and older registries know no schemaType
            body.put("schemaType", type.name());
        }
        JsonNode answer = call("POST", "/subjects/" + segment(subject) + "/versions",
                json.writeValueAsString(body));
        if (!answer.path("id").isNumber()) {
            throw RestProxyError.SCHEMA_LOOKUP_FAILED.exception("the schema registry answered no id for subject "
                    + subject);
        }
        return answer.get("id").intValue();
    }

    SchemaRegistry.RegisteredSchema byId(int id) {
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        String text = answer.path("schema").asString(null);
        if (text == null) {
            throw RestProxyError.SCHEMA_LOOKUP_FAILED.exception("the schema registry answered no schema for id "
                    + id);
        }
        String type = answer.path("schemaType").asString("AVRO");
        SchemaRegistry.SchemaType schemaType;
        try {
            schemaType = SchemaRegistry.SchemaType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw RestProxyError.SCHEMA_LOOKUP_FAILED.exception("schema " + id + " is of type " + type
                    + ", which this proxy does not read");
        }
        return new SchemaRegistry.RegisteredSchema(id, schemaType, text);
    }

    List<Integer> versions(String subject) {
        JsonNode answer = call("GET", "/subjects/" + segment(subject) + "/versions", null);
        List<Integer> versions = new ArrayList<>();
        answer.forEach(v -> versions.add(v.intValue()));
        return versions;
    }

    private JsonNode call(String method, String path, String body) {
        IOException unreachable = null;
        for (String url : urls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(timeout)
                    .header("Accept", CONTENT_TYPE + ", application/json");
            if (body != null) {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                unreachable = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RestProxyError.SCHEMA_LOOKUP_FAILED.exception("interrupted", e);
            }
            JsonNode answer;
            try {
                answer = json.readTree(response.body());
            } catch (JacksonException e) {
                throw RestProxyError.SCHEMA_LOOKUP_FAILED.exception("the schema registry answered "
                        + response.statusCode() + " with a body that is not JSON", e);
            }
            if (response.statusCode() / 100 != 2) {
                throw RestProxyError.SCHEMA_LOOKUP_FAILED.exception(answer.path("message")
                        .asString("the schema registry answered " + response.statusCode())
                        + (answer.has("error_code") ? "; error code: " + answer.get("error_code").asString() : ""));
            }
            return answer;
        }
        throw RestProxyError.SCHEMA_LOOKUP_FAILED.exception("the schema registry at " + String.join(",", urls)
                + " cannot be reached: " + (unreachable == null ? "no URL" : String.valueOf(unreachable)),
                unreachable);
    }

    private static String segment(String subject) {
        return UriUtils.encodePathSegment(subject, StandardCharsets.UTF_8);
    }
}
