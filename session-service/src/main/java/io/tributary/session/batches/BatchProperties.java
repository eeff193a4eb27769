package io.tributary.session.batches;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kyuubi.batch.*}: how batch processes ({@code JAVA}, {@code SPARK}, {@code PYSPARK}) are run.
 *
 * @param workDir where each batch gets a directory of its own (its uploaded resource, its output and exit status);
 *        by default {@code tributary-session-batches} in {@code java.io.tmpdir}
 * @param sparkSubmit the spark-submit {@code SPARK}/{@code PYSPARK} batches run through; empty: {@code
 *        $SPARK_HOME/bin/spark-submit}, else they are refused
 * @param commandPrefix put before every batch command ({@code sudo,-n,-u,batchuser,--}), blank parts dropped
 * @param environment variables added to every batch's environment, {@code kyuubi.batch.environment.[NAME]: value}
 *        (brackets keep the name's case); set in a file or as system properties: Spring lower-cases the keys of a map
 *        bound from environment variables ({@code KYUUBI_BATCH_ENVIRONMENT_JOB_ENV} would give {@code job.env}), so
 *        such a name is refused and {@code environmentEntries} is the form for environment variables
 * @param environmentEntries more of them as {@code NAME=value} entries, comma-separated ({@code BATCH_ENVIRONMENT}):
 *        names keep their case from any source; a value holding a comma needs {@code environment}
 */
@ConfigurationProperties("kyuubi.batch")
public record BatchProperties(
        String workDir,
        @DefaultValue("") String sparkSubmit,
        @DefaultValue List<String> commandPrefix,
        @DefaultValue Map<String, String> environment,
        @DefaultValue List<String> environmentEntries) {

    public BatchProperties {
        workDir = workDir == null || workDir.isBlank()
                ? System.getProperty("java.io.tmpdir") + "/tributary-session-batches" : workDir;
        sparkSubmit = sparkSubmit == null ? "" : sparkSubmit.trim();
        commandPrefix = commandPrefix == null ? List.of()
                : commandPrefix.stream().filter(part -> part != null && !part.isBlank()).toList();
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        environment.keySet().forEach(name -> {
            if (name.contains(".")) {
                throw new IllegalArgumentException("kyuubi.batch.environment." + name + " is not a variable name; an "
                        + "environment variable KYUUBI_BATCH_ENVIRONMENT_* cannot keep a name's case or underscores: "
                        + "give batch variables as BATCH_ENVIRONMENT=NAME=value,... or as kyuubi.batch.environment."
                        + "[NAME] in a file");
            }
        });
        environmentEntries = environmentEntries == null ? List.of()
                : environmentEntries.stream().filter(entry -> entry != null && !entry.isBlank()).toList();
        for (String entry : environmentEntries) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || entry.substring(0, equals).isBlank()) {
                throw new IllegalArgumentException("kyuubi.batch.environment-entries: '" + entry + "' is not NAME=value"
                        + " (entries are comma-separated; a value holding a comma needs kyuubi.batch.environment."
                        + "[NAME] in a file)");
            }
        }
    }

    /** The variables configured for batches: {@code environment}, then {@code environmentEntries} over it. */
    public Map<String, String> batchEnvironment() {
        Map<String, String> variables = new LinkedHashMap<>(environment);
        for (String entry : environmentEntries) {
            int equals = entry.indexOf('=');
            variables.put(entry.substring(0, equals).strip(), entry.substring(equals + 1));
        }
        return variables;
    }
}
