package io.tributary.session.auth;

import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Who a request comes from, as Kyuubi's REST frontend decides it from {@code kyuubi.authentication} (comma-separated
 * methods, {@code NONE} by default). With {@code NONE} anyone is served: the Basic-auth user name is taken as given,
 * and a request without one is {@code anonymous}. With {@code JDBC} ({@code kyuubi.authentication.jdbc.url|user|
 * password|query}) or {@code CUSTOM} ({@code kyuubi.authentication.custom.class}, a {@link PasswdAuthenticationProvider})
 * every request must carry Basic credentials that the method accepts, else 401. {@code LDAP} and {@code KERBEROS}
 * are not available here and stop the server at start.
 */
@Component
public class ClientAuthenticator {

    public static final String ANONYMOUS = "anonymous";
    static final String METHODS = "kyuubi.authentication";

    private static final Logger log = LoggerFactory.getLogger(ClientAuthenticator.class);

    private final PasswdAuthenticationProvider provider;
    private final AutoCloseable closeable;

    public ClientAuthenticator(Environment environment) {
        List<String> methods = Arrays.stream(environment.getProperty(METHODS, "NONE").split(","))
                .map(m -> m.trim().toUpperCase(Locale.ROOT)).filter(m -> !m.isEmpty()).toList();
        List<String> passwordMethods = new ArrayList<>(methods);
        passwordMethods.remove("NONE");
        if (passwordMethods.isEmpty()) {
            provider = null;
            closeable = null;
            if (!environment.getProperty("kyuubi.server.administrators", "").isBlank()) {
                log.warn("kyuubi.authentication is NONE: the admin resource trusts the Basic-auth user name without "
                        + "a password, as Kyuubi does; configure JDBC or CUSTOM authentication to check it");
            }
            return;
        }
        if (passwordMethods.size() > 1) {
            throw new IllegalStateException("Only one password authentication method is supported, got " + methods);
        }
        String method = passwordMethods.get(0);
        switch (method) {
            case "JDBC" -> {
                JdbcPasswdAuthenticationProvider jdbc = new JdbcPasswdAuthenticationProvider(
                        environment.getProperty(METHODS + ".jdbc.url"),
                        environment.getProperty(METHODS + ".jdbc.user"),
                        environment.getProperty(METHODS + ".jdbc.password"),
                        raw(environment, METHODS + ".jdbc.query"));
                provider = jdbc;
                closeable = jdbc;
            }
            case "CUSTOM" -> {
                provider = custom(environment.getProperty(METHODS + ".custom.class"));
                closeable = provider instanceof AutoCloseable c ? c : null;
            }
            default -> throw new IllegalStateException("Authentication method " + method
                    + " is not available on this server: use NONE, JDBC or CUSTOM");
        }
    }

    /** True when requests must prove who they are. */
    public boolean required() {
        return provider != null;
    }

    /** The user of a request with this {@code Authorization} header; 401-worthy failures as the exception. */
    public String authenticate(String authorization) throws AuthenticationException {
        if (provider == null) {
            Credentials credentials;
            try {
                credentials = basic(authorization);
            } catch (AuthenticationException e) {
                return ANONYMOUS;
            }
            return credentials == null || credentials.user().isBlank() ? ANONYMOUS : credentials.user();
        }
        Credentials credentials = basic(authorization);
        if (credentials == null) {
            throw new AuthenticationException("Authentication required: send Basic credentials");
        }
        provider.authenticate(credentials.user(), credentials.password());
        return credentials.user();
    }

    @PreDestroy
    void close() throws Exception {
        if (closeable != null) {
            closeable.close();
        }
    }

    /** A value as configured: the query's {@code ${user}} and {@code ${password}} are not Spring placeholders. */
    private static String raw(Environment environment, String key) {
        if (environment instanceof org.springframework.core.env.ConfigurableEnvironment configurable) {
            for (org.springframework.core.env.PropertySource<?> source : configurable.getPropertySources()) {
                Object value = source.getProperty(key);
                if (value != null) {
                    return value.toString();
                }
            }
            return null;
        }
        return environment.getProperty(key);
    }

    private static PasswdAuthenticationProvider custom(String className) {
        if (className == null || className.isBlank()) {
            throw new IllegalStateException("kyuubi.authentication=CUSTOM needs kyuubi.authentication.custom.class");
        }
        try {
            Object instance = Class.forName(className).getDeclaredConstructor().newInstance();
            if (instance instanceof PasswdAuthenticationProvider p) {
                return p;
            }
            throw new IllegalStateException(className + " does not implement "
                    + PasswdAuthenticationProvider.class.getName());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create kyuubi.authentication.custom.class " + className, e);
        }
    }

    private static Credentials basic(String header) throws AuthenticationException {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("Malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? new Credentials(decoded, "") : new Credentials(decoded.substring(0, colon),
                decoded.substring(colon + 1));
    }

    private record Credentials(String user, String password) {
    }
}
