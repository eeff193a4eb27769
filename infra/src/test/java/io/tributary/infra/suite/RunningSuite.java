package io.tributary.infra.suite;

import io.tributary.common.TributaryApplication;
import io.tributary.connect.ConnectServiceApplication;
import io.tributary.gateway.GatewayApplication;
import io.tributary.infra.local.PgInitScript;
import io.tributary.proxy.ProxyServiceApplication;
import io.tributary.session.SessionServiceApplication;
import io.tributary.sql.SqlServiceApplication;
import io.tributary.testkit.TestInfrastructure;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole suite in this JVM: the four services, each in a schema of its own on the shared PostgreSQL and on
 * the shared broker, and the gateway in front of them, every one on a random port. Started once per JVM.
 */
public final class RunningSuite {

    private static RunningSuite instance;

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    public static synchronized RunningSuite get() {
        if (instance == null) {
            instance = new RunningSuite();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    private RunningSuite() {
        TestInfrastructure infra = TestInfrastructure.get();
        boolean asDeployed = infra.ownsPostgres();
        if (asDeployed) {
            createDatabasesRolesAndSchemas(infra);
        }
        startService(SqlServiceApplication.class, SqlServiceApplication.NAME, "sql_service", "ksql", infra, asDeployed);
        startService(ProxyServiceApplication.class, ProxyServiceApplication.NAME, "proxy_service", "kafka_rest", infra,
                asDeployed);
        startService(ConnectServiceApplication.class, ConnectServiceApplication.NAME, "connect_service", "connect",
                infra, asDeployed, Map.of(
                        // a Connect cluster of its own per run; plugins from their manifests (no classpath scan)
                        "CONNECT_GROUP_ID", TestInfrastructure.uniqueName("connect"),
                        "tributary.connect.plugin-discovery", "service_load"));
        startService(SessionServiceApplication.class, SessionServiceApplication.NAME, "session_service", "kyuubi",
                infra, asDeployed, asDeployed ? Map.of(
                        // the engine database and role the init script creates
                        "ENGINE_JDBC_URL", infra.jdbcUrl("tributary_engine"),
                        "ENGINE_JDBC_USER", "engine_user",
                        "ENGINE_JDBC_PASSWORD", "engine_user") : Map.of());
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put("SERVER_PORT", "0");
        gateway.put("SQL_SERVICE_URL", "http://localhost:" + ports.get("sql-service"));
        gateway.put("PROXY_SERVICE_URL", "http://localhost:" + ports.get("proxy-service"));
        gateway.put("CONNECT_SERVICE_URL", "http://localhost:" + ports.get("connect-service"));
        gateway.put("SESSION_SERVICE_URL", "http://localhost:" + ports.get("session-service"));
        // the services' database and Kafka starters share this classpath; the gateway uses neither
        gateway.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"));
        start("gateway", TributaryApplication.builder(GatewayApplication.class, GatewayApplication.NAME,
                WebApplicationType.REACTIVE).properties(gateway));
    }

    /**
     * The deployment's own script (the one the launcher and docker-compose run), twice: it must be safe to rerun.
     * Services then connect as their own roles, so a migration that needs more than its schema fails here.
     */
    private static void createDatabasesRolesAndSchemas(TestInfrastructure infra) {
        try {
            String script = PgInitScript.loadFromClasspath();
            for (int run = 0; run < 2; run++) {
                PgInitScript.run(script,
                        database -> DriverManager.getConnection(infra.jdbcUrl(database), infra.user(), infra.password()),
                        "postgres");
            }
        } catch (Exception e) {
            throw new IllegalStateException("The PostgreSQL init script failed: " + e.getMessage(), e);
        }
    }

    private void startService(Class<?> application, String name, String role, String schema,
            TestInfrastructure infra, boolean asDeployed) {
        startService(application, name, role, schema, infra, asDeployed, Map.of());
    }

    private void startService(Class<?> application, String name, String role, String schema,
            TestInfrastructure infra, boolean asDeployed, Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>(extra);
        properties.put("SERVER_PORT", "0");
        properties.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap());
        if (asDeployed) {
            properties.put("DB_URL", infra.jdbcUrl("tributary"));
            properties.put("DB_USER", role);
            properties.put("DB_PASSWORD", role);
            properties.put("DB_SCHEMA", schema);
        } else {
            properties.put("DB_URL", infra.jdbcUrl());
            properties.put("DB_USER", infra.user());
            properties.put("DB_PASSWORD", infra.password());
            properties.put("DB_SCHEMA", TestInfrastructure.uniqueName(name));
        }
        // Spring Cloud Gateway is on this classpath too; only the gateway application routes
        properties.put("spring.cloud.gateway.server.webflux.enabled", "false");
        start(name, TributaryApplication.builder(application, name, WebApplicationType.SERVLET).properties(properties));
    }

    private void start(String name, org.springframework.boot.builder.SpringApplicationBuilder builder) {
        ConfigurableApplicationContext context = builder.run();
        contexts.add(context);
        ports.put(name, ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public int port(String name) {
        return ports.get(name);
    }

    public String gatewayUrl(String path) {
        return "http://localhost:" + port("gateway") + path;
    }

    private void stop() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }
}
