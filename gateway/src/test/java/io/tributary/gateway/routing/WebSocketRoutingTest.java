package io.tributary.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.support.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WebSocketRoutingTest extends GatewayIntegrationTest {

    @Test
    void carriesWebSocketPushQueriesToSqlService() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket socket = client().newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws/query"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);

        socket.sendText("{\"ksql\":\"SELECT * FROM S EMIT CHANGES;\"}", true);

        assertThat(reply.get(10, TimeUnit.SECONDS))
                .isEqualTo("sql-service echoes {\"ksql\":\"SELECT * FROM S EMIT CHANGES;\"}");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }
}
