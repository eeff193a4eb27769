package io.tributary.session.server;

/** {@code GET /api/v1/version}, Kyuubi's {@code VersionInfo}. */
public record VersionInfo(String version) {
}
