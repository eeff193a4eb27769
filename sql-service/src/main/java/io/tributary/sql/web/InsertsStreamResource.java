package io.tributary.sql.web;

import io.tributary.sql.engine.KsqlEngine;
import io.tributary.sql.engine.KsqlStatementException;
import io.tributary.sql.metastore.DataSource;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * ksqlDB's {@code POST /inserts-stream}: the body is a first line {@code {"target":"S"}} then one JSON object per
 * line, each a row of the target; every row is written to the target's topic and acknowledged on its own line
 * ({@code {"status":"ok","seq":n}}) as soon as the broker has it, while the client may still be sending. A row that
 * cannot be inserted is answered {@code {"status":"error","seq":n,"error_code":...,"message":...}} and ends the
 * stream. With {@code Accept: application/json} the acks form one JSON array.
 */
@RestController
class InsertsStreamResource {

    private final KsqlEngine engine;

    InsertsStreamResource(KsqlEngine engine) {
        this.engine = engine;
    }

    /** The first line of an inserts stream. */
    record InsertsStreamArgs(String target, Map<String, Object> properties) {
    }

    @PostMapping(path = "/inserts-stream")
    void insertsStream(HttpServletRequest request, @RequestHeader(name = "Accept", required = false) String accept,
            HttpServletResponse response) throws IOException {
        boolean json = QueryStreamResource.wantsJsonArray(accept);
        BufferedReader lines = new BufferedReader(new InputStreamReader(request.getInputStream(),
                StandardCharsets.UTF_8));
        String first;
        try {
            first = readLine(lines);
        } catch (LineTooLong e) {
            throw QueryStreamResource.badRequest("Invalid JSON in request: the first line is longer than "
                    + MAX_LINE + " characters");
        }
        InsertsStreamArgs args = QueryStreamResource.read(first == null ? null
                : first.getBytes(StandardCharsets.UTF_8), InsertsStreamArgs.class);
        if (args.target() == null) {
            throw QueryStreamResource.badRequest("No target in arguments");
        }
        DataSource target;
        try {
            target = engine.insertTarget(args.target());
        } catch (KsqlStatementException e) {
            throw QueryStreamResource.badRequest(e.getMessage());
        }
        response.setStatus(200);
        response.setContentType(json ? MediaType.APPLICATION_JSON_VALUE : KsqlMediaTypes.DELIMITED_V1);
        OutputStream out = response.getOutputStream();
        if (json) {
            QueryStreamResource.write(out, "[");
        } else {
            out.flush();
        }
        long seq = 0;
        while (true) {
            String line;
            String tooLong = null;
            try {
                line = readLine(lines);
            } catch (LineTooLong e) {
                line = "";
                tooLong = "Row is longer than " + MAX_LINE + " characters";
            }
            if (line == null) {
                break;
            }
            if (tooLong == null && line.isBlank()) {
                continue;
            }
            String separator = json && seq > 0 ? "," : "";
            String ack;
            boolean failed = false;
            try {
                if (tooLong != null) {
                    throw new IllegalArgumentException(tooLong);
                }
                JsonNode node = QueryStreamResource.JSON.readTree(line);
                if (node == null || !node.isObject()) {
                    throw new IllegalArgumentException("Invalid JSON in inserts stream: a row must be a JSON object");
                }
                Map<String, Object> row = QueryStreamResource.JSON.convertValue(node, Map.class);
                engine.insertRow(target, row);
                Map<String, Object> ok = new LinkedHashMap<>();
                ok.put("status", "ok");
                ok.put("seq", seq);
                ack = QueryStreamResource.JSON.writeValueAsString(ok);
            } catch (JacksonException e) {
                ack = error(seq, "Invalid JSON in inserts stream");
                failed = true;
            } catch (KsqlStatementException | IllegalArgumentException e) {
                ack = error(seq, e.getMessage());
                failed = true;
            }
            QueryStreamResource.write(out, separator + ack + (json ? "" : "\n"));
            seq++;
            if (failed) {
                break;
            }
        }
        if (json) {
            QueryStreamResource.write(out, "]");
        }
    }

    /** Longest line of an inserts stream, in characters: a longer one is refused rather than buffered. */
    static final int MAX_LINE = 1024 * 1024;

    private static final class LineTooLong extends Exception {
        LineTooLong() {
            super(null, null, false, false);
        }
    }

    /** The next line without its end, null at the end of the body. */
    private static String readLine(BufferedReader in) throws IOException, LineTooLong {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new LineTooLong();
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }

    private static String error(long seq, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("@type", "generic_error");
        error.put("status", "error");
        error.put("seq", seq);
        error.put("error_code", 40000);
        error.put("message", message);
        return QueryStreamResource.JSON.writeValueAsString(error);
    }
}
