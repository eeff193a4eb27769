package io.tributary.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * One real Kafka broker and one real PostgreSQL server per test JVM, started on first use and stopped when the
 * JVM exits. Where they come from, in this order:
 * <ol>
 *   <li>an external cluster: {@code TRIBUTARY_TEST_KAFKA} (bootstrap servers) and/or
 *       {@code TRIBUTARY_TEST_JDBC_URL} (+ {@code TRIBUTARY_TEST_JDBC_USER}, {@code TRIBUTARY_TEST_JDBC_PASSWORD});</li>
 *   <li>Testcontainers, when a Docker engine answers (disable with {@code TRIBUTARY_TEST_INFRA=embedded});</li>
 *   <li>a KRaft broker inside this JVM and an embedded PostgreSQL binary.</li>
 * </ol>
 * Every value can also be given as a system property of the same name in lower case with dots
 * ({@code tributary.test.kafka}, ...).
 */
public final class TestInfrastructure {

    private static volatile TestInfrastructure instance;

    private final String kafkaBootstrap;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String kafkaSource;
    private final String postgresSource;

    private TestInfrastructure(String kafkaBootstrap, String kafkaSource, String jdbcUrl, String user,
            String password, String postgresSource) {
        this.kafkaBootstrap = kafkaBootstrap;
        this.kafkaSource = kafkaSource;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.postgresSource = postgresSource;
    }

    public static TestInfrastructure get() {
        TestInfrastructure current = instance;
        if (current == null) {
            synchronized (TestInfrastructure.class) {
                current = instance;
                if (current == null) {
                    current = start();
                    instance = current;
                }
            }
        }
        return current;
    }

    /** Kafka bootstrap servers for clients. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /**
     * Settings for a test's own {@code KafkaProducer}: this broker, and one request in flight. Tests write to
     * topics created a moment before, whose partitions may refuse a first batch that a second one then overtakes,
     * leaving the first refused as out of sequence until it expires (KAFKA-15591, brokers before 4.5).
     */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        return config;
    }

    /** JDBC URL of the test database (a superuser connection on embedded and container servers). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** JDBC URL of another database on the same server. */
    public String jdbcUrl(String database) {
        int slash = jdbcUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = jdbcUrl.indexOf('?', slash);
        return jdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : jdbcUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Where Kafka and PostgreSQL come from: {@code embedded}, {@code docker} or {@code external}. */
    public String describe() {
        return "kafka=" + kafkaSource + " (" + kafkaBootstrap + "), postgres=" + postgresSource + " (" + jdbcUrl + ")";
    }

    /** True when this JVM started the PostgreSQL server itself (embedded or container), so it may create roles
     *  and databases of fixed names; false for an external server shared with others. */
    public boolean ownsPostgres() {
        return !"external".equals(postgresSource);
    }

    /** A name no other test class or run uses: for topics, schemas, groups, databases. */
    public static String uniqueName(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return clean + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Runs statements as the test database's user (DDL such as CREATE ROLE / CREATE DATABASE). */
    public void execute(String database, String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), user, password);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run " + String.join("; ", statements) + ": " + e.getMessage(), e);
        }
    }

    private static TestInfrastructure start() {
        String externalKafka = setting("TRIBUTARY_TEST_KAFKA");
        String externalJdbc = setting("TRIBUTARY_TEST_JDBC_URL");
        String mode = setting("TRIBUTARY_TEST_INFRA");
        boolean docker = (externalKafka == null || externalJdbc == null)
                && !"embedded".equalsIgnoreCase(mode) && dockerAvailable();

        String kafka;
        String kafkaSource;
        if (externalKafka != null) {
            kafka = externalKafka;
            kafkaSource = "external";
        } else if (docker) {
            KafkaContainer container = new KafkaContainer("apache/kafka-native:4.1.2");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            kafka = container.getBootstrapServers();
            kafkaSource = "docker";
        } else {
            kafka = startEmbeddedKafka();
            kafkaSource = "embedded";
        }

        if (externalJdbc != null) {
            return new TestInfrastructure(kafka, kafkaSource, externalJdbc,
                    orDefault(setting("TRIBUTARY_TEST_JDBC_USER"), "postgres"),
                    orDefault(setting("TRIBUTARY_TEST_JDBC_PASSWORD"), "postgres"), "external");
        }
        if (docker) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine")
                    .withCommand("postgres", "-c", "max_connections=300");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new TestInfrastructure(kafka, kafkaSource, container.getJdbcUrl(), container.getUsername(),
                    container.getPassword(), "docker");
        }
        return new TestInfrastructure(kafka, kafkaSource, startEmbeddedPostgres(), "postgres", "postgres",
                "embedded");
    }

    private static String startEmbeddedKafka() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                // conformance cases carry record times from 1970: time-based retention would delete their inputs
                "log.retention.ms", "-1",
                "offsets.topic.num.partitions", "5",
                "group.initial.rebalance.delay.ms", "0",
                "transaction.state.log.num.partitions", "5"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        return broker.getBrokersAsString();
    }

    private static String startEmbeddedPostgres() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (Exception ignored) {
                    // the JVM is going away; the binary's own shutdown follows the data directory removal
                }
            }));
            // no user in the URL: pgjdbc lets URL parameters override the user a caller passes
            return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
        } catch (Exception e) {
            throw new IllegalStateException("Embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable notThere) {
            return false;
        }
    }

    private static String setting(String name) {
        String value = System.getProperty(name.toLowerCase(Locale.ROOT).replace('_', '.'));
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
