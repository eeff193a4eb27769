package io.tributary.session.web;

import io.tributary.session.auth.ClientAuthenticator;
import jakarta.servlet.http.HttpServletRequest;

/** Who a request comes from, as {@link AuthenticationInterceptor} established it. */
final class ClientIdentity {

    static final String ATTRIBUTE = ClientIdentity.class.getName() + ".user";

    private ClientIdentity() {
    }

    static String user(HttpServletRequest request) {
        Object user = request.getAttribute(ATTRIBUTE);
        return user instanceof String name ? name : ClientAuthenticator.ANONYMOUS;
    }
}
