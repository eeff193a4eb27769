package io.tributary.session.sessions;

/** {@code GET /sessions/{h}/info/{infoType}}. */
public record InfoDetail(String infoType, String infoValue) {
}
