package io.tributary.session.batches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.session.engine.EngineProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;

/**
 * The batch settings as an operator gives them: environment variables over the service's own
 * {@code session-service.yml}, or an operator's YAML file over it, bound as the application binds them.
 */
class BatchPropertiesBindingTest {

    @Test
    void withNothingSetTheDefaultsAreThoseOfBefore() {
        BatchProperties batch = batch(environment(Map.of()));

        assertThat(batch.workDir()).isEqualTo(System.getProperty("java.io.tmpdir") + "/tributary-session-batches");
        assertThat(batch.sparkSubmit()).isEmpty();
        assertThat(batch.commandPrefix()).isEmpty();
        assertThat(batch.batchEnvironment()).isEmpty();
        assertThat(engine(environment(Map.of())).doAs().enabled()).isTrue();
    }

    @Test
    void environmentVariablesNamedInTheYamlSetTheBatchSettings() {
        StandardEnvironment environment = environment(Map.of(
                "SPARK_SUBMIT", " /opt/spark/bin/spark-submit ",
                "BATCH_COMMAND_PREFIX", "sudo,-n,-u,batchuser,--",
                "BATCH_ENVIRONMENT", "JOB_ENV=prod,Mixed_Case=a=b,lower_name=x",
                "ENGINE_DOAS_ENABLED", "false"));

        BatchProperties batch = batch(environment);

        assertThat(batch.sparkSubmit()).isEqualTo("/opt/spark/bin/spark-submit");
        assertThat(batch.commandPrefix()).containsExactly("sudo", "-n", "-u", "batchuser", "--");
        assertThat(batch.batchEnvironment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "JOB_ENV", "prod", "Mixed_Case", "a=b", "lower_name", "x"));
        assertThat(engine(environment).doAs().enabled()).isFalse();
    }

    @Test
    void relaxedEnvironmentVariablesOfThePropertiesThemselvesSetThemToo() {
        StandardEnvironment environment = environment(Map.of(
                "KYUUBI_BATCH_WORKDIR", "/var/lib/batches",
                "KYUUBI_BATCH_SPARKSUBMIT", "/usr/local/bin/spark-submit",
                "KYUUBI_BATCH_COMMANDPREFIX", "setpriv,--reuid=batchuser,--",
                "KYUUBI_BATCH_ENVIRONMENTENTRIES", "TZ=Europe/Paris",
                "KYUUBI_ENGINE_DOAS_ENABLED", "false"));

        BatchProperties batch = batch(environment);

        assertThat(batch.workDir()).isEqualTo("/var/lib/batches");
        assertThat(batch.sparkSubmit()).isEqualTo("/usr/local/bin/spark-submit");
        assertThat(batch.commandPrefix()).containsExactly("setpriv", "--reuid=batchuser", "--");
        assertThat(batch.batchEnvironment()).containsExactly(Map.entry("TZ", "Europe/Paris"));
        assertThat(engine(environment).doAs().enabled()).isFalse();
    }

    @Test
    void aBatchVariableAsAMapKeyInAnEnvironmentVariableIsRefusedRatherThanRenamed() {
        // Spring would bind it as kyuubi.batch.environment.job.env: the batch would get "job.env", not JOB_ENV
        StandardEnvironment environment = environment(Map.of("KYUUBI_BATCH_ENVIRONMENT_JOB_ENV", "prod"));

        assertThatThrownBy(() -> batch(environment)).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("kyuubi.batch.environment.job.env")
                .hasMessageContaining("BATCH_ENVIRONMENT=NAME=value");
    }

    @Test
    void anEntryThatIsNotNameEqualsValueIsRefused() {
        StandardEnvironment environment = environment(Map.of("BATCH_ENVIRONMENT", "JOB_ENV=prod,oops"));

        assertThatThrownBy(() -> batch(environment)).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("'oops' is not NAME=value");
    }

    @Test
    void anOperatorsYamlSetsTheBatchSettingsWithTheNamesCaseKept() {
        StandardEnvironment environment = environment(Map.of(), """
                kyuubi:
                  engine:
                    doAs:
                      enabled: false
                  batch:
                    work-dir: /srv/batches
                    spark-submit: /opt/spark/bin/spark-submit
                    command-prefix:
                      - sudo
                      - -n
                      - -u
                      - batchuser
                      - --
                    environment:
                      "[JOB_ENV]": prod
                      "[http_proxy]": http://proxy:3128
                    environment-entries:
                      - EXTRA=1
                """);

        BatchProperties batch = batch(environment);

        assertThat(batch.workDir()).isEqualTo("/srv/batches");
        assertThat(batch.sparkSubmit()).isEqualTo("/opt/spark/bin/spark-submit");
        assertThat(batch.commandPrefix()).containsExactly("sudo", "-n", "-u", "batchuser", "--");
        assertThat(batch.batchEnvironment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "JOB_ENV", "prod", "http_proxy", "http://proxy:3128", "EXTRA", "1"));
        assertThat(engine(environment).doAs().enabled()).isFalse();
    }

    @Test
    void environmentVariablesWinOverTheOperatorsYaml() {
        StandardEnvironment environment = environment(Map.of("SPARK_SUBMIT", "/from/env/spark-submit",
                "KYUUBI_BATCH_WORKDIR", "/from/env"), """
                kyuubi:
                  batch:
                    work-dir: /from/yaml
                    environment:
                      "[JOB_ENV]": prod
                """);

        BatchProperties batch = batch(environment);

        // the service's YAML names SPARK_SUBMIT itself; the operator's file only adds work-dir and a variable
        assertThat(batch.sparkSubmit()).isEqualTo("/from/env/spark-submit");
        assertThat(batch.workDir()).isEqualTo("/from/env");
        assertThat(batch.batchEnvironment()).containsExactly(Map.entry("JOB_ENV", "prod"));
    }

    private static BatchProperties batch(StandardEnvironment environment) {
        return Binder.get(environment).bindOrCreate("kyuubi.batch", Bindable.of(BatchProperties.class));
    }

    private static EngineProperties engine(StandardEnvironment environment) {
        return Binder.get(environment).bindOrCreate("kyuubi.engine", Bindable.of(EngineProperties.class));
    }

    /** The process environment {@code variables}, over an operator's YAML files, over the service's own YAML. */
    private static StandardEnvironment environment(Map<String, String> variables, String... operatorYaml) {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new LinkedHashMap<String, Object>(variables)));
        for (int i = 0; i < operatorYaml.length; i++) {
            load("operator-" + i, new ByteArrayResource(operatorYaml[i].getBytes(StandardCharsets.UTF_8)))
                    .forEach(sources::addLast);
        }
        load("session-service.yml", new ClassPathResource("session-service.yml")).forEach(sources::addLast);
        ConfigurationPropertySources.attach(environment);
        return environment;
    }

    private static List<PropertySource<?>> load(String name, Resource yaml) {
        try {
            return new YamlPropertySourceLoader().load(name, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
