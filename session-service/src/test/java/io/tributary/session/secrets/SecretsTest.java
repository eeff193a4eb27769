package io.tributary.session.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void passwordsSecretsTokensCredentialsAndAccessKeysLookSecretWhateverTheirCaseOrSeparator() {
        assertThat(List.of("kyuubi.engine.jdbc.connection.password", "DB_PASSWD", "spark.ssl.keyPassword",
                "fs.s3a.secret.key", "CLIENT_SECRET", "hive.server2.token", "API_TOKEN", "GOOGLE_CREDENTIALS",
                "spark.hadoop.fs.s3a.access.key", "AWS_ACCESS_KEY_ID", "accessKey", "access-key"))
                .allMatch(Secrets::looksSecret);
    }

    @Test
    void ordinaryNamesDoNotLookSecret() {
        assertThat(List.of("PATH", "JAVA_HOME", "spark.executor.memory", "kyuubi.engine.jdbc.connection.url",
                "kyuubi.engine.jdbc.connection.user", "access.mode", "keystore.type"))
                .noneMatch(Secrets::looksSecret);
        assertThat(Secrets.looksSecret(null)).isFalse();
    }

    @Test
    void redactHidesOnlyTheValuesOfSecretKeysKeepingTheOrder() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executor.memory", "2g");
        conf.put("fs.s3a.access.key", "AKIA");
        conf.put("x.token", "t0k");

        assertThat(Secrets.redact(conf)).containsExactly(Map.entry("spark.executor.memory", "2g"),
                Map.entry("fs.s3a.access.key", Secrets.REDACTED), Map.entry("x.token", Secrets.REDACTED));
    }
}
