package io.tributary.gateway.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.support.GatewayIntegrationTest;
import io.tributary.gateway.support.StubUpstream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/** ksqlDB's streaming API passes the gateway unbuffered, in both directions. */
class KsqlStreamingEndpointsTest extends GatewayIntegrationTest {

    @Test
    void queryStreamMetadataArrivesBeforeTheFirstRowIsProduced() throws IOException {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = send(request("/query-stream?gap=1500")
                .header("Content-Type", "application/json")
                .header("Accept", "application/vnd.ksqlapi.delimited.v1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\":\"SELECT * FROM S EMIT CHANGES;\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/vnd.ksqlapi.delimited.v1");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Duration metadataAfter = null;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[8192];
            for (int read; (read = body.read(buffer)) >= 0; ) {
                received.write(buffer, 0, read);
                if (metadataAfter == null && received.size() >= StubUpstream.QUERY_STREAM_METADATA.length()) {
                    metadataAfter = Duration.ofNanos(System.nanoTime() - started);
                }
            }
        }
        assertThat(metadataAfter).isLessThan(Duration.ofMillis(1000));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(received.toString(StandardCharsets.UTF_8))
                .isEqualTo(StubUpstream.QUERY_STREAM_METADATA + StubUpstream.QUERY_STREAM_ROW);
    }

    @Test
    void queryStreamOverH2cWithPriorKnowledgeStreamsToo() {
        long started = System.nanoTime();
        List<String> frames = new CopyOnWriteArrayList<>();
        List<Duration> arrivals = new CopyOnWriteArrayList<>();

        HttpClient.create().protocol(HttpProtocol.H2C)
                .headers(headers -> headers.add("Content-Type", "application/json"))
                .post().uri("http://localhost:" + port + "/query-stream?gap=1500")
                .send(ByteBufFlux.fromString(Mono.just("{\"sql\":\"SELECT * FROM S EMIT CHANGES;\"}")))
                .response((response, body) -> {
                    assertThat(response.version().text()).isEqualTo("HTTP/2.0");
                    return body.asString().doOnNext(frame -> {
                        frames.add(frame);
                        arrivals.add(Duration.ofNanos(System.nanoTime() - started));
                    });
                })
                .blockLast(Duration.ofSeconds(20));

        assertThat(String.join("", frames))
                .isEqualTo(StubUpstream.QUERY_STREAM_METADATA + StubUpstream.QUERY_STREAM_ROW);
        assertThat(arrivals.get(0)).isLessThan(Duration.ofMillis(1000));
        assertThat(arrivals.get(arrivals.size() - 1)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }

    @Test
    void insertsStreamAcksComeBackWhileTheClientIsStillSendingRows() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /inserts-stream HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            chunk(out, "{\"target\":\"S\"}\n");
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(readUntil(in, "received")).isEqualTo("{\"status\":\"ok\",\"received\":\"{\\\"target\\\":\\\"S\\\"}\"}");

            // the second row goes out only after the first ack came back through the gateway
            chunk(out, "{\"V\":1}\n");
            assertThat(readUntil(in, "received")).isEqualTo("{\"status\":\"ok\",\"received\":\"{\\\"V\\\":1}\"}");
            out.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void chunk(OutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readUntil(BufferedReader reader, String marker) throws IOException {
        String line;
        do {
            line = reader.readLine();
        } while (line != null && !line.contains(marker));
        assertThat(line).as("a line with " + marker).isNotNull();
        return line.substring(line.indexOf('{'));
    }
}
