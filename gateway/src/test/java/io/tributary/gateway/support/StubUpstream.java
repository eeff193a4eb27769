package io.tributary.gateway.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.reactivestreams.Publisher;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server standing in for one service. By default it echoes what it received as JSON; a few paths
 * answer the way real services fail, stream, or stall.
 */
public final class StubUpstream {

    /** The two chunks of {@code /stream}; the second comes {@code gap} milliseconds after the first. */
    public static final String FIRST_CHUNK = "[{\"header\":{\"queryId\":\"q1\",\"schema\":\"`V` INT\"}},\n";
    public static final String SECOND_CHUNK = "{\"row\":{\"columns\":[1]}}]\n";

    public static final String QUERY_STREAM_METADATA =
            "{\"queryId\":\"transient_S_1\",\"columnNames\":[\"V\"],\"columnTypes\":[\"INTEGER\"]}\n";
    public static final String QUERY_STREAM_ROW = "[1]\n";
    public static final String SHAPED_ERROR = "{ \"error_code\" : 40401,\n  \"message\":\"Topic not found\" }";
    public static final String ASTERIXDB_ERROR =
            "{\"errors\":[{\"code\":1,\"msg\":\"Syntax error: unexpected token\"}],\"status\":\"fatal\"}";

    private static final JsonMapper JSON = JsonMapper.shared();

    private final String service;
    private final DisposableServer server;
    private final List<String> seenPaths = new CopyOnWriteArrayList<>();
    private final List<String> cancelledStreams = new CopyOnWriteArrayList<>();

    StubUpstream(String service) {
        this.service = service;
        this.server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow();
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Every path (with query) this upstream was asked for, in order. */
    public List<String> seenPaths() {
        return seenPaths;
    }

    /** The {@code id}s of {@code /stream} answers whose reader went away before the end. */
    public List<String> cancelledStreams() {
        return cancelledStreams;
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        seenPaths.add(request.uri());
        if ("websocket".equalsIgnoreCase(request.requestHeaders().get("Upgrade"))) {
            return response.sendWebsocket((in, out) -> out.sendString(
                    in.receive().asString().map(text -> service + " echoes " + text)));
        }
        String path = UriComponentsBuilder.fromUriString(request.uri()).build().getPath();
        String query = request.uri().contains("?") ? request.uri().substring(request.uri().indexOf('?') + 1) : "";
        boolean head = request.method().equals(HttpMethod.HEAD);
        // the streaming answers only for POST: a GET of the same paths is echoed, as the routing tests expect
        String route = request.method().equals(HttpMethod.POST) ? "POST " + path : path;
        return switch (path == null ? "/" : route) {
            case "/errors/html" -> answer(response, head, 502, "text/html; charset=utf-8",
                    "<html><head><title>502</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>");
            case "/errors/text" -> answer(response, head, 400, "text/plain; charset=utf-8",
                    "Topic name is invalid\n");
            case "/errors/long-text" -> answer(response, head, 500, "text/plain",
                    "java.lang.IllegalStateException: boom\n\tat x.y.Z.method(Z.java:1)\n".repeat(40));
            case "/errors/huge" -> answer(response, head, 500, "text/html",
                    "<html><body>" + "<p>stack frame</p>".repeat(120_000) + "</body></html>");
            case "/errors/unregistered-status" -> answer(response, head, 599, "text/plain", "Upstream says no");
            case "/errors/empty" -> answer(response, head, 500, null, "");
            case "/errors/json-without-fields" -> answer(response, head, 409, "application/json",
                    "{\"detail\":\"already exists\",\"retryable\":false}");
            case "/errors/kyuubi" -> answer(response, head, 404, "application/json",
                    "{\"message\":\"Invalid SessionHandle [abc]\"}");
            case "/errors/shaped" -> answer(response, head, 404, "application/json", SHAPED_ERROR);
            case "/errors/ksql" -> answer(response, head, 400, "application/vnd.ksql.v1+json",
                    "{\"@type\":\"statement_error\",\"error_code\":40001,\"message\":\"line 1:1: mismatched input\","
                            + "\"statementText\":\"SELEC 1;\",\"entities\":[]}");
            case "/errors/asterixdb" -> answer(response, head, 400, "application/json", ASTERIXDB_ERROR);
            case "/errors/array" -> answer(response, head, 500, "application/json", "[1,2,3]");
            case "/errors/invalid-json" -> answer(response, head, 500, "application/json", "{\"oops\": ");
            case "/errors/gzip" -> response.status(500)
                    .header("Content-Type", "application/json")
                    .header("Content-Encoding", "gzip")
                    .sendByteArray(Mono.just(gzip("{\"detail\":\"compressed\"}")))
                    .then();
            case "/errors/chunked-html" -> response.status(503)
                    .header("Content-Type", "text/html")
                    .send(Flux.just("<html><body>", "Service Unavailable", "</body></html>").map(StubUpstream::bytes),
                            chunk -> true)
                    .then();
            case "/slow" -> Mono.delay(Duration.ofMillis(Long.parseLong(param(query, "millis", "4000"))))
                    .then(answer(response, head, 200, "application/json", "{\"slow\":true}"));
            // ksqlDB's /query-stream: the metadata line at once, a row after the gap (delimited framing)
            case "POST /query-stream" -> request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                    .then(response.status(200)
                            .header("Content-Type", "application/vnd.ksqlapi.delimited.v1")
                            .send(Flux.concat(
                                            Mono.just(QUERY_STREAM_METADATA),
                                            Mono.delay(Duration.ofMillis(Long.parseLong(param(query, "gap", "1500"))))
                                                    .map(tick -> QUERY_STREAM_ROW))
                                    .map(StubUpstream::bytes), chunk -> true)
                            .then());
            // ksqlDB's /inserts-stream: an ack for every piece of the request body as soon as it arrives
            case "POST /inserts-stream" -> response.status(200)
                    .header("Content-Type", "application/vnd.ksqlapi.delimited.v1")
                    .send(request.receive().asString()
                            .map(piece -> bytes("{\"status\":\"ok\",\"received\":"
                                    + JSON.writeValueAsString(piece.strip()) + "}\n")), chunk -> true)
                    .then();
            case "/stream" -> response.status(200)
                    .header("Content-Type", param(query, "type", "application/json"))
                    .send(Flux.concat(
                                    Mono.just(FIRST_CHUNK),
                                    Mono.delay(Duration.ofMillis(Long.parseLong(param(query, "gap", "1500"))))
                                            .map(tick -> SECOND_CHUNK))
                            .doOnCancel(() -> cancelledStreams.add(param(query, "id", "")))
                            .map(StubUpstream::bytes), chunk -> true)
                    .then();
            default -> request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
                    .flatMap(body -> answer(response, head, 200, "application/json", echo(request, body)));
        };
    }

    private String echo(HttpServerRequest request, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        request.requestHeaders().forEach(header -> headers.merge(header.getKey().toLowerCase(), header.getValue(),
                (first, second) -> first + "," + second));
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("service", service);
        echo.put("method", request.method().name());
        echo.put("path", request.uri());
        echo.put("headers", headers);
        echo.put("bodyLength", body.length);
        return JSON.writeValueAsString(echo);
    }

    private static Mono<Void> answer(HttpServerResponse response, boolean head, int status, String contentType,
            String body) {
        response.status(HttpResponseStatus.valueOf(status));
        if (contentType != null) {
            response.header("Content-Type", contentType);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.header("Content-Length", String.valueOf(bytes.length));
        return head || bytes.length == 0 ? response.send().then() : response.sendByteArray(Mono.just(bytes)).then();
    }

    private static String param(String query, String name, String fallback) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return fallback;
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
