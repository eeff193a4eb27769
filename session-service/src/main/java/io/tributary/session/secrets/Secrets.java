package io.tributary.session.secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one rule for which configuration keys and environment variable names hold a secret: a session's or batch's
 * shown configuration redacts their values, and a batch process does not inherit them.
 */
public final class Secrets {

    public static final String REDACTED = "*********(redacted)";
    private static final Pattern SECRET_NAME =
            Pattern.compile("(?i)pass(word|wd)|secret|token|credential|access[._-]?key");

    private Secrets() {
    }

    /** {@code spark.ssl.keyPassword}, {@code DB_PASSWD}, {@code fs.s3a.access.key}, {@code AWS_ACCESS_KEY_ID}... */
    public static boolean looksSecret(String name) {
        return name != null && SECRET_NAME.matcher(name).find();
    }

    /** {@code conf} with the value of every key that looks secret replaced by {@link #REDACTED}, in its order. */
    public static Map<String, String> redact(Map<String, String> conf) {
        Map<String, String> shown = new LinkedHashMap<>();
        conf.forEach((key, value) -> shown.put(key, looksSecret(key) ? REDACTED : value));
        return shown;
    }
}
