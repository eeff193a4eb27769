package io.tributary.session.server;

import java.util.Map;

/** An element of {@code GET /admin/server}: Kyuubi's {@code ServerData}. */
public record ServerData(String nodeName, String namespace, String instance, String host, int port,
        Map<String, String> attributes, String status) {
}
