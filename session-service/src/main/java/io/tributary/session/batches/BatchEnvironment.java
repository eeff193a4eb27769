package io.tributary.session.batches;

import io.tributary.session.secrets.Secrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The environment a batch process starts with. The server's own environment carries its database and engine
 * passwords (and JDBC URLs that may embed credentials), so a batch inherits only an allowlist of it: what a JVM
 * needs to start, plus, for {@code spark-submit}, where Spark and Hadoop are ({@code SPARK_*}, {@code HADOOP_*},
 * {@code YARN_CONF_DIR}). A name that looks like a secret ({@code *PASSWORD*}, {@code *SECRET*}, {@code *TOKEN*},
 * {@code *CREDENTIAL*}, {@code *ACCESS_KEY*}: {@link Secrets#looksSecret}) or a value carrying credentials is dropped even then. The variables configured for batches
 * ({@code kyuubi.batch.environment.*}, set by the operator) are added last, as given.
 */
record BatchEnvironment(Map<String, String> configured) {

    private static final Set<String> INHERITED = Set.of("PATH", "JAVA_HOME", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR");
    private static final List<String> INHERITED_BY_SPARK_PREFIXES = List.of("SPARK_", "HADOOP_");
    private static final Set<String> INHERITED_BY_SPARK = Set.of("YARN_CONF_DIR");
    private static final Pattern SECRET_VALUE = Pattern.compile("(?i)password=|://[^/@\\s]*:[^/@\\s]*@");

    BatchEnvironment {
        configured = configured == null ? Map.of() : Map.copyOf(configured);
    }

    /** The environment of a batch child process started by this server, whose own environment is {@code parent}. */
    Map<String, String> forChild(Map<String, String> parent, boolean spark) {
        Map<String, String> child = new LinkedHashMap<>();
        parent.forEach((name, value) -> {
            if (inherited(name, spark) && !Secrets.looksSecret(name) && !SECRET_VALUE.matcher(value).find()) {
                child.put(name, value);
            }
        });
        child.putAll(configured);
        return child;
    }

    private static boolean inherited(String name, boolean spark) {
        if (INHERITED.contains(name)) {
            return true;
        }
        return spark && (INHERITED_BY_SPARK.contains(name)
                || INHERITED_BY_SPARK_PREFIXES.stream().anyMatch(name::startsWith));
    }
}
