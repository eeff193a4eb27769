package io.tributary.session.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Who a request comes from: the Basic-auth user, else {@code anonymous}, as Kyuubi's REST frontend without auth. */
final class ClientIdentity {

    static final String ANONYMOUS = "anonymous";

    private ClientIdentity() {
    }

    static String user(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return ANONYMOUS;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            String user = colon < 0 ? decoded : decoded.substring(0, colon);
            return user.isBlank() ? ANONYMOUS : user;
        } catch (IllegalArgumentException e) {
            return ANONYMOUS;
        }
    }
}
