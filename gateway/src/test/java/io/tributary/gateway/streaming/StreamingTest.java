package io.tributary.gateway.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.support.GatewayIntegrationTest;
import io.tributary.gateway.support.StubUpstream;
import io.tributary.gateway.support.StubUpstreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingTest extends GatewayIntegrationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "application/json",
            "application/vnd.ksqlapi.delimited.v1",
            "application/vnd.ksql.v1+json",
            "application/x-ndjson",
            "text/event-stream",
            "application/vnd.kafka.json.v2+json",
            "text/plain",
    })
    void deliversEachChunkAsTheUpstreamWritesIt(String contentType) throws IOException {
        Timeline timeline = stream("/sql/stream?gap=1500&type=" + URLEncoder.encode(contentType, StandardCharsets.UTF_8));

        assertThat(timeline.contentType()).startsWith(contentType);
        assertThat(timeline.firstChunkAfter()).isLessThan(Duration.ofMillis(1000));
        assertThat(timeline.completeAfter()).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(timeline.body()).isEqualTo(StubUpstream.FIRST_CHUNK + StubUpstream.SECOND_CHUNK);
    }

    @Test
    void doesNotCutAStreamThatPausesLongerThanTheResponseTimeout() throws IOException {
        Timeline timeline = stream("/sql/stream?type=application/json&gap=" + (RESPONSE_TIMEOUT_MILLIS + 700));

        assertThat(timeline.firstChunkAfter()).isLessThan(Duration.ofMillis(1000));
        assertThat(timeline.completeAfter()).isGreaterThan(Duration.ofMillis(RESPONSE_TIMEOUT_MILLIS));
        assertThat(timeline.body()).isEqualTo(StubUpstream.FIRST_CHUNK + StubUpstream.SECOND_CHUNK);
    }

    @Test
    void closesTheUpstreamStreamWhenTheClientGoesAway() throws Exception {
        HttpResponse<InputStream> response = send(request("/sql/stream?id=abandoned&gap=30000").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            assertThat(body.readNBytes(StubUpstream.FIRST_CHUNK.length()))
                    .asString(StandardCharsets.UTF_8).isEqualTo(StubUpstream.FIRST_CHUNK);
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!StubUpstreams.SQL.cancelledStreams().contains("abandoned") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(StubUpstreams.SQL.cancelledStreams()).contains("abandoned");
    }

    private Timeline stream(String path) throws IOException {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = send(request(path).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Duration firstChunk = null;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[8192];
            for (int read; (read = body.read(buffer)) >= 0; ) {
                received.write(buffer, 0, read);
                if (firstChunk == null && received.size() >= StubUpstream.FIRST_CHUNK.length()) {
                    firstChunk = Duration.ofNanos(System.nanoTime() - started);
                }
            }
        }
        return new Timeline(response.headers().firstValue("Content-Type").orElse(""), firstChunk,
                Duration.ofNanos(System.nanoTime() - started), received.toString(StandardCharsets.UTF_8));
    }

    private record Timeline(String contentType, Duration firstChunkAfter, Duration completeAfter, String body) {
    }
}
