package io.tributary.sql.web;

import io.tributary.common.errors.ApiException;
import io.tributary.common.errors.ErrorEnvelope;
import io.tributary.sql.engine.PullQueries;
import io.tributary.sql.engine.PushQueryEngine;
import io.tributary.sql.queries.PushQueries;
import io.tributary.sql.queries.PushQuery;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * ksqlDB's HTTP/2 streaming API on HTTP/1.1 and h2c alike: {@code POST /query-stream} and {@code POST /close-query}.
 * A push query's answer is its metadata ({@code queryId}, {@code columnNames}, {@code columnTypes}) then one JSON
 * array per row, each written and flushed on its own (one HTTP/2 DATA frame each, which is how the npm client reads
 * them): newline-delimited by default ({@code application/vnd.ksqlapi.delimited.v1}), or one JSON array
 * {@code [{meta},[row],...]} when the client accepts only {@code application/json}. Tombstones are left out, as
 * ksqlDB's writers do; after LIMIT rows the response simply ends. A client that goes away ends its push query
 * (and frees its Streams application) within about a second, also while no rows come.
 */
@RestController
class QueryStreamResource {

    /** Request bodies: fields a client sends that ksqlDB does not know are ignored, as ksqlDB ignores them. */
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final Duration POLL = Duration.ofSeconds(1);

    private final PushQueryEngine engine;
    private final PushQueries pushQueries;

    QueryStreamResource(PushQueryEngine engine, PushQueries pushQueries) {
        this.engine = engine;
        this.pushQueries = pushQueries;
    }

    /** The body of {@code /query-stream}. */
    record QueryStreamArgs(String sql, Map<String, Object> properties, Map<String, String> sessionVariables) {
    }

    /** The body of {@code /close-query}. */
    record CloseQueryArgs(String queryId) {
    }

    @PostMapping(path = "/query-stream")
    void queryStream(HttpServletRequest request,
            @RequestHeader(name = "Accept", required = false) String accept, HttpServletResponse response)
            throws IOException {
        boolean json = wantsJsonArray(accept);
        QueryStreamArgs args = read(rawBody(request), QueryStreamArgs.class);
        if (args.sql() == null || args.sql().isBlank()) {
            throw badRequest("No sql in arguments");
        }
        Map<String, Object> properties = args.properties() == null ? Map.of() : args.properties();
        PushQueryEngine.Started started = engine.start(args.sql(), properties,
                args.sessionVariables() == null ? Map.of() : args.sessionVariables());
        if (started.pulled().isPresent()) {
            streamPulled(started.pulled().get(), json, response);
            return;
        }
        stream(started, json, response, ClientConnection.of(request));
    }

    /** A pull query's whole answer in the streaming API's framing: its metadata, then one array per row. */
    static void streamPulled(PullQueries.Answer answer, boolean json, HttpServletResponse response)
            throws IOException {
        response.setStatus(200);
        response.setContentType(json ? MediaType.APPLICATION_JSON_VALUE : KsqlMediaTypes.DELIMITED_V1);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("queryId", answer.queryId());
        metadata.put("columnNames", answer.columns().stream().map(c -> c.name()).toList());
        metadata.put("columnTypes", answer.columns().stream().map(c -> c.type().toString()).toList());
        StringBuilder body = new StringBuilder(json ? "[" : "").append(JSON.writeValueAsString(metadata));
        for (List<Object> row : answer.rows()) {
            body.append(json ? "," : "\n").append(JSON.writeValueAsString(row));
        }
        body.append(json ? "]" : "\n");
        write(response.getOutputStream(), body.toString());
    }

    /**
     * Writes a started push query in the streaming API's framing: delimited (metadata line, one array per line) or
     * one JSON array. Tombstones are left out; after LIMIT rows, a close or a failure, the response ends.
     */
    static void stream(PushQueryEngine.Started started, boolean json, HttpServletResponse response,
            ClientConnection client) throws IOException {
        PushQuery query = started.query();
        response.setStatus(200);
        response.setContentType(json ? MediaType.APPLICATION_JSON_VALUE : KsqlMediaTypes.DELIMITED_V1);
        OutputStream out = response.getOutputStream();
        try (query) {
            String metadata = JSON.writeValueAsString(metadata(query));
            write(out, json ? "[" + metadata : metadata + "\n");
            int sent = 0;
            while (started.limit().isEmpty() || sent < started.limit().get()) {
                PushQuery.Row row = query.poll(POLL);
                if (query.closed()) {
                    break;
                }
                if (row == null) {
                    if (query.failed()) {
                        String error = JSON.writeValueAsString(new ErrorEnvelope(50000, "The query " + query.id()
                                + " failed; see the server log").with("@type", "generic_error"));
                        write(out, json ? "," + error : error + "\n");
                        break;
                    }
                    // while idle: JSON allows whitespace between elements, which finds a client that went away;
                    // the delimited framing has no room for it, so there the connection itself is looked at
                    if (json) {
                        write(out, "\n");
                    } else if (client.gone()) {
                        break;
                    } else {
                        out.flush();
                    }
                    continue;
                }
                if (row.tombstone()) {
                    continue;
                }
                String columns = JSON.writeValueAsString(row.columns());
                write(out, json ? "," + columns : columns + "\n");
                sent++;
            }
            if (json) {
                write(out, "]");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PostMapping(path = "/close-query")
    ResponseEntity<Void> closeQuery(HttpServletRequest request) throws IOException {
        CloseQueryArgs args = read(rawBody(request), CloseQueryArgs.class);
        if (args.queryId() == null) {
            throw badRequest("No queryId in arguments");
        }
        PushQuery query = pushQueries.find(args.queryId())
                .orElseThrow(() -> badRequest("No query with id " + args.queryId()));
        query.close();
        return ResponseEntity.ok().build();
    }

    static Map<String, Object> metadata(PushQuery query) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("queryId", query.id());
        metadata.put("columnNames", query.columns().stream().map(c -> c.name()).toList());
        metadata.put("columnTypes", query.columns().stream().map(c -> c.type().toString()).toList());
        return metadata;
    }

    /** Delimited unless the client takes JSON but not the delimited type (ksqlDB's route order). */
    static boolean wantsJsonArray(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types = MediaType.parseMediaTypes(accept);
        if (types.stream().anyMatch(t -> t.isWildcardType() || t.toString().startsWith(KsqlMediaTypes.DELIMITED_V1))) {
            return false;
        }
        if (types.stream().anyMatch(t -> t.toString().startsWith(MediaType.APPLICATION_JSON_VALUE)
                || t.toString().startsWith(KsqlMediaTypes.KSQL_V1_JSON)
                || t.toString().startsWith("application/*"))) {
            return true;
        }
        throw new ApiException(406, new ErrorEnvelope(40600, "Not Acceptable").with("@type", "generic_error"));
    }

    /**
     * The body as sent, whatever its Content-Type: ksqlDB reads these bodies as JSON regardless, and its documented
     * curl calls send them as form content ({@code curl -d}), which Spring would otherwise re-encode as parameters.
     */
    static byte[] rawBody(HttpServletRequest request) throws IOException {
        return request.getInputStream().readAllBytes();
    }

    static <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw badRequest("No request body");
        }
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw badRequest("Invalid JSON in request: the body is not a JSON object");
            }
            return value;
        } catch (JacksonException e) {
            throw badRequest("Invalid JSON in request: " + e.getOriginalMessage());
        }
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, new ErrorEnvelope(40000, message).with("@type", "generic_error"));
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
