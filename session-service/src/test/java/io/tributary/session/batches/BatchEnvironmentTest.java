package io.tributary.session.batches;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchEnvironmentTest {

    private static final Map<String, String> SERVER = Map.ofEntries(
            Map.entry("PATH", "/usr/bin:/bin"),
            Map.entry("JAVA_HOME", "/opt/jdk"),
            Map.entry("HOME", "/home/svc"),
            Map.entry("LANG", "C.UTF-8"),
            Map.entry("TZ", "UTC"),
            Map.entry("DB_PASSWORD", "hunter2"),
            Map.entry("ENGINE_JDBC_PASSWORD", "hunter3"),
            Map.entry("DB_URL", "jdbc:postgresql://db/tributary"),
            Map.entry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"),
            Map.entry("SPARK_HOME", "/opt/spark"),
            Map.entry("SPARK_AUTH_SECRET", "s3"),
            Map.entry("HADOOP_CONF_DIR", "/etc/hadoop"),
            Map.entry("HADOOP_TOKEN_FILE_LOCATION", "/tmp/tokens"),
            Map.entry("HADOOP_PROXY", "http://user:pw@proxy:3128"),
            Map.entry("YARN_CONF_DIR", "/etc/yarn"));

    @Test
    void aJavaBatchInheritsOnlyWhatAJvmNeeds() {
        Map<String, String> child = new BatchEnvironment(Map.of()).forChild(SERVER, false);

        assertThat(child).containsOnlyKeys("PATH", "JAVA_HOME", "HOME", "LANG", "TZ");
    }

    @Test
    void sparkSubmitAlsoInheritsWhereSparkAndHadoopAreButNoSecretsAmongThem() {
        Map<String, String> child = new BatchEnvironment(Map.of()).forChild(SERVER, true);

        assertThat(child).containsOnlyKeys("PATH", "JAVA_HOME", "HOME", "LANG", "TZ", "SPARK_HOME", "HADOOP_CONF_DIR",
                "YARN_CONF_DIR");
    }

    @Test
    void theConfiguredBatchEnvironmentIsAddedAsGiven() {
        Map<String, String> child = new BatchEnvironment(Map.of("TZ", "Europe/Paris", "JOB_ENV", "prod"))
                .forChild(SERVER, false);

        assertThat(child).containsEntry("TZ", "Europe/Paris").containsEntry("JOB_ENV", "prod")
                .doesNotContainKey("DB_PASSWORD");
    }
}
