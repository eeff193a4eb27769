package io.tributary.session.sessions;

/** {@code POST /sessions}: the new session's identifier and the instance that holds it. */
public record SessionHandle(String identifier, String kyuubiInstance) {
}
