package io.tributary.sql.web;

import io.tributary.sql.engine.PullQueries;
import io.tributary.sql.engine.PushQueryEngine;
import io.tributary.sql.queries.PushQuery;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * ksqlDB's legacy {@code POST /query}: a push query's rows streamed as they arrive, framed as one JSON array
 * ({@code [{"header":...},\n{"row":...},\n...{"finalMessage":"Limit Reached"}]}), each element flushed on its own.
 * A bare newline is sent while no rows come, which is how a client that went away is noticed: its query is then
 * closed and its Streams app torn down. The stream is written on the request's own thread (one per push query):
 * handed to Spring MVC's async executor it reached the client only when complete.
 */
@RestController
class QueryResource {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

    private final PushQueryEngine engine;
    private final CommandSequenceWait sequenceWait;

    QueryResource(PushQueryEngine engine, CommandSequenceWait sequenceWait) {
        this.engine = engine;
        this.sequenceWait = sequenceWait;
    }

    @PostMapping(path = "/query",
            consumes = {KsqlMediaTypes.KSQL_V1_JSON, MediaType.APPLICATION_JSON_VALUE},
            produces = {KsqlMediaTypes.KSQL_V1_JSON, MediaType.APPLICATION_JSON_VALUE, KsqlMediaTypes.DELIMITED_V1})
    void query(@RequestBody KsqlRequest request,
            @org.springframework.web.bind.annotation.RequestHeader(name = "Accept", required = false) String accept,
            jakarta.servlet.http.HttpServletRequest servletRequest, HttpServletResponse response) throws IOException {
        if (request.ksql() == null || request.ksql().isBlank()) {
            throw new io.tributary.common.errors.ApiException(400, new io.tributary.common.errors.ErrorEnvelope(
                    40000, "\"ksql\" field must be populated").with("@type", "generic_error"));
        }
        sequenceWait.awaitApplied(request.commandSequenceNumber());
        PushQueryEngine.Started started = engine.start(request.ksql(), request.streamsProperties(),
                request.sessionVariables(), request.requestProperties());
        if (started.pulled().isPresent()) {
            if (wantsDelimited(accept)) {
                QueryStreamResource.streamPulled(started.pulled().get(), false, response);
            } else {
                writePulled(started.pulled().get(), response);
            }
            return;
        }
        if (wantsDelimited(accept)) {
            QueryStreamResource.stream(started, false, response, ClientConnection.of(servletRequest));
            return;
        }
        PushQuery query = started.query();
        // written on the request's own thread, each element flushed as it comes: nothing buffers the stream
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        OutputStream out = response.getOutputStream();
        {
            try (query) {
                write(out, "[" + JSON.writeValueAsString(Map.of("header", header(query))) + ",\n");
                int sent = 0;
                while (true) {
                    if (started.limit().isPresent() && sent >= started.limit().get()) {
                        write(out, "{\"finalMessage\":\"Limit Reached\"}]");
                        return;
                    }
                    PushQuery.Row row = query.poll(KEEP_ALIVE);
                    if (query.closed()) {
                        write(out, "{\"finalMessage\":\"Query terminated\"}]");
                        return;
                    }
                    if (row == null) {
                        if (query.failed()) {
                            write(out, "{\"errorMessage\":{\"@type\":\"generic_error\",\"error_code\":50000,"
                                    + "\"message\":\"The query " + query.id() + " failed; see the server log\"}}]");
                            return;
                        }
                        write(out, "\n");
                        continue;
                    }
                    Map<String, Object> element = new LinkedHashMap<>();
                    element.put("columns", row.columns());
                    if (row.tombstone()) {
                        element.put("tombstone", true);
                    }
                    write(out, JSON.writeValueAsString(Map.of("row", element)) + ",\n");
                    sent++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A pull query's answer: header, rows, and (for a stream scan) its final message, as one array. */
    private static void writePulled(PullQueries.Answer answer, HttpServletResponse response) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("queryId", answer.queryId());
        header.put("schema", answer.schema());
        StringBuilder body = new StringBuilder("[").append(JSON.writeValueAsString(Map.of("header", header)));
        for (java.util.List<Object> row : answer.rows()) {
            body.append(",\n").append(JSON.writeValueAsString(Map.of("row", Map.of("columns", row))));
        }
        answer.finalMessage().ifPresent(m -> body.append(",\n").append(
                JSON.writeValueAsString(Map.of("finalMessage", m))));
        body.append("]");
        response.setStatus(200);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        write(response.getOutputStream(), body.toString());
    }

    /**
     * ksqlDB answers {@code /query} in the streaming API's delimited framing when the client asks for it, or takes
     * anything ({@code *}{@code /*} picks the first type that route produces); no Accept header means the v1 array.
     */
    private static boolean wantsDelimited(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        MediaType first = MediaType.parseMediaTypes(accept).get(0);
        return first.isWildcardType() || first.toString().startsWith(KsqlMediaTypes.DELIMITED_V1);
    }

    private static Map<String, Object> header(PushQuery query) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("queryId", query.id());
        header.put("schema", query.columns().stream().map(c -> "`" + c.name() + "` " + c.type())
                .collect(Collectors.joining(", ")));
        return header;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

}
