package io.tributary.session.web;

import io.tributary.common.errors.ApiException;
import io.tributary.session.server.KyuubiServerProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Component;

/**
 * Only a session's or batch's own user closes it, as Kyuubi checks; the configured administrators may close any.
 * Kyuubi answers anyone else 405 with this message.
 */
@Component
class Ownership {

    private final KyuubiServerProperties properties;

    Ownership(KyuubiServerProperties properties) {
        this.properties = properties;
    }

    void requireOwner(HttpServletRequest http, String owner) {
        String user = ClientIdentity.user(http);
        if (!user.equals(owner) && !properties.administrators().contains(user)) {
            throw ApiException.of(405, user + " is not allowed to close the session belong to " + owner);
        }
    }
}
