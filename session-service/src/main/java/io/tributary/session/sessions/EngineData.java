package io.tributary.session.sessions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kyuubi's {@code Engine} of {@code GET /admin/engine}. Every session here owns one JDBC engine connection, so an
 * engine is a session's connection: share level {@code CONNECTION}, the session id as subdomain (as Kyuubi names
 * connection-level engines), the engine's host:port as instance.
 */
public record EngineData(String version, String user, String engineType, String sharelevel, String subdomain,
        String instance, String namespace, Map<String, String> attributes) {

    public static final String ENGINE_TYPE = "JDBC";
    public static final String SHARE_LEVEL = "CONNECTION";

    private static final Pattern HOST_PORT = Pattern.compile("^jdbc:[^:]+://([^/?;]+)");

    static EngineData of(EngineSession session, String version) {
        String subdomain = session.id().toString();
        String namespace = "/kyuubi_" + version + "_" + SHARE_LEVEL + "_" + ENGINE_TYPE + "/" + session.user() + "/"
                + subdomain;
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("kyuubi.engine.id", subdomain);
        attributes.put("kyuubi.engine.url", withoutParameters(session.engineUrl()));
        attributes.put("kyuubi.engine.name", session.engineName());
        return new EngineData(version, session.user(), ENGINE_TYPE, SHARE_LEVEL, subdomain,
                instance(session.engineUrl()), namespace, attributes);
    }

    /** host:port of the engine, or the URL (without its parameters, which may carry credentials) when it has none. */
    static String instance(String url) {
        Matcher matcher = HOST_PORT.matcher(url);
        return matcher.find() ? matcher.group(1) : withoutParameters(url);
    }

    private static String withoutParameters(String url) {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return url.substring(0, cut);
    }
}
