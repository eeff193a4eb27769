package io.tributary.sql.queryservice.web;

import io.tributary.sql.queryservice.QueryService;
import io.tributary.sql.queryservice.QueryServiceError;
import io.tributary.sql.queryservice.QueryServiceException;
import io.tributary.sql.queryservice.QueryServiceRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * AsterixDB's HTTP query service: {@code /query/service} (POST form or JSON, GET), its status and result handles,
 * and the cancellation of running requests. Handles are URLs built from the request as the client sent it
 * (X-Forwarded-* honoured), so they point at the gateway when the call came through it.
 */
@RestController
class QueryServiceResource {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private final QueryService service;

    QueryServiceResource(QueryService service) {
        this.service = service;
    }

    @PostMapping("/query/service")
    void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        query(request, response);
    }

    @GetMapping("/query/service")
    void get(HttpServletRequest request, HttpServletResponse response) throws IOException {
        query(request, response);
    }

    private void query(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        QueryServiceParameters parameters = QueryServiceParameters.of(request);
        QueryServiceRequest parsed;
        try {
            parsed = parameters.toRequest();
        } catch (QueryServiceException e) {
            QueryService.Answer answer = service.failure(e, parameters.clientContextId(), started);
            write(response, answer.httpStatus(), answer.body(), false);
            return;
        }
        QueryService.Answer answer = service.submit(parsed, baseUrl(request));
        // as AsterixDB: browser clients on another origin may read the answer
        if (request.getHeader("Origin") != null) {
            response.setHeader("Access-Control-Allow-Origin", request.getHeader("Origin"));
        }
        response.setHeader("Access-Control-Allow-Headers", "Origin, X-Requested-With, Content-Type, Accept");
        write(response, answer.httpStatus(), answer.body(), parsed.pretty());
    }

    @GetMapping("/query/service/status/{handle}")
    void status(@PathVariable String handle, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<Map<String, Object>> status = service.status(handle, baseUrl(request));
        if (status.isEmpty()) {
            notFound(response, handle);
            return;
        }
        write(response, 200, status.get(), false);
    }

    @GetMapping("/query/service/result/{handle}")
    void result(@PathVariable String handle, HttpServletResponse response) throws IOException {
        Optional<Map<String, Object>> result = service.result(handle);
        if (result.isEmpty()) {
            notFound(response, handle);
            return;
        }
        write(response, 200, result.get(), false);
    }

    /** Cancels the requests running with this client context id: 200, 404 when none runs, 400 without an id. */
    @DeleteMapping("/admin/requests/running")
    void cancel(@RequestParam(name = "client_context_id", required = false) String clientContextId,
            HttpServletResponse response) throws IOException {
        if (clientContextId == null || clientContextId.isEmpty()) {
            response.setStatus(400);
            return;
        }
        response.setStatus(service.cancel(clientContextId) ? 200 : 404);
    }

    private static void notFound(HttpServletResponse response, String handle) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errors", List.of(QueryServiceError.of("ASX0043", "Request handle " + handle + " not found")));
        body.put("status", "fatal");
        write(response, 404, body, false);
    }

    private static String baseUrl(HttpServletRequest request) {
        return ServletUriComponentsBuilder.fromContextPath(request).replaceQuery(null).build().toUriString();
    }

    private static void write(HttpServletResponse response, int status, Map<String, Object> body, boolean pretty)
            throws IOException {
        byte[] bytes = (pretty ? JSON.writer(SerializationFeature.INDENT_OUTPUT) : JSON.writer())
                .writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
