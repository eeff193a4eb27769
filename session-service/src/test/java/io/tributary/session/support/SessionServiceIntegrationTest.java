package io.tributary.session.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.KyuubiOperationEvent;
import io.tributary.session.support.KyuubiDtos.OperationHandle;
import io.tributary.session.support.KyuubiDtos.ResultRowSet;
import io.tributary.session.support.KyuubiDtos.SessionHandle;
import io.tributary.session.support.KyuubiDtos.SessionOpenRequest;
import io.tributary.session.support.KyuubiDtos.StatementRequest;
import io.tributary.testkit.ServiceIntegrationTest;
import io.tributary.testkit.TestInfrastructure;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The base of session-service's integration tests: the whole service, and a PostgreSQL engine database of its own
 * reached as a role of its own (as the launcher's {@code tributary_engine} / {@code engine_user}), shared by every
 * test class so they all run in one Spring context (with SessionBadInputTest, through
 * {@link SessionServiceTestProperties}).
 */
public abstract class SessionServiceIntegrationTest extends ServiceIntegrationTest {

    protected static final String ENGINE_DATABASE = TestInfrastructure.uniqueName("engine");
    protected static final String ENGINE_ROLE = TestInfrastructure.uniqueName("engine_role");

    /** Strict, so a field the service renamed or dropped fails the test as it would fail a client. */
    protected static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The one administrator of the service under test ({@code kyuubi.server.administrators}). */
    protected static final String ADMIN = "tributary_admin";

    /**
     * The service's {@code kyuubi.server.defaults-file} (a {@code kyuubi-defaults.conf}), empty at start: tests
     * write deny lists into it and reload them through the refresh endpoints.
     */
    protected static final java.nio.file.Path KYUUBI_DEFAULTS = defaultsFile();

    /** How long a request waits for a session's connection that a long statement holds. */
    protected static final Duration SESSION_BUSY_TIMEOUT = Duration.ofSeconds(2);

    private static boolean engineCreated;

    private static java.nio.file.Path defaultsFile() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("kyuubi-defaults", ".conf");
            file.toFile().deleteOnExit();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The module's test properties; {@link SessionServiceTestProperties} gives them to every test context. */
    static void engineProperties(Map<String, Object> properties) {
        createEngineDatabase();
        properties.put("kyuubi.engine.jdbc.url", engineUrl(ENGINE_DATABASE));
        properties.put("kyuubi.engine.jdbc.user", ENGINE_ROLE);
        properties.put("kyuubi.engine.jdbc.password", ENGINE_ROLE);
        properties.put("kyuubi.server.administrators", ADMIN);
        properties.put("kyuubi.server.defaults-file", KYUUBI_DEFAULTS.toString());
        properties.put("kyuubi.engine.session-busy-timeout", SESSION_BUSY_TIMEOUT.toMillis() + "ms");
        properties.put("kyuubi.batch.environment.[BATCH_GREETING]", "configured-for-batches");
    }

    private static synchronized void createEngineDatabase() {
        if (!engineCreated) {
            TestInfrastructure.get().execute("postgres",
                    "CREATE ROLE " + ENGINE_ROLE + " LOGIN PASSWORD '" + ENGINE_ROLE + "'",
                    "CREATE DATABASE " + ENGINE_DATABASE + " OWNER " + ENGINE_ROLE);
            engineCreated = true;
        }
    }

    /** A database of the test server without the URL's own credentials, so the engine role is who connects. */
    protected static String engineUrl(String database) {
        String url = TestInfrastructure.get().jdbcUrl(database);
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** The database session-service keeps its own schema in. */
    protected static String serviceDatabase() {
        String url = TestInfrastructure.get().jdbcUrl();
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    protected static String basicAuth(String user) {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString((user + ":x").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    protected static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    protected static <T> T read(HttpResponse<String> response, int status, Class<T> type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readValue(response.body(), type);
    }

    protected HttpResponse<String> postJson(String path, Object body, String... headers) {
        return post(path, "application/json", body instanceof String s ? s : json(body), headers);
    }

    protected String openSession(Map<String, String> configs) {
        return read(postJson("/api/v1/sessions", new SessionOpenRequest(configs)), 200, SessionHandle.class)
                .identifier();
    }

    protected String openSession() {
        return openSession(Map.of());
    }

    protected void closeSession(String session) {
        assertThat(request("DELETE", "/api/v1/sessions/" + session, null, null).statusCode()).isEqualTo(200);
    }

    /** Closes a session as its owner: only they (or an administrator) may. */
    protected void closeSession(String session, String owner) {
        assertThat(request("DELETE", "/api/v1/sessions/" + session, null, null, "Authorization", basicAuth(owner))
                .statusCode()).isEqualTo(200);
    }

    protected String submit(String session, String statement, boolean runAsync, Long queryTimeout) {
        return read(postJson("/api/v1/sessions/" + session + "/operations/statement",
                new StatementRequest(statement, runAsync, queryTimeout, Map.of())), 200, OperationHandle.class)
                .identifier();
    }

    /** Runs a statement synchronously and checks it finished. */
    protected String execute(String session, String statement) {
        String operation = submit(session, statement, false, null);
        KyuubiOperationEvent event = event(operation);
        assertThat(event.state()).as("%s: %s", statement, event.exception()).isEqualTo("FINISHED_STATE");
        return operation;
    }

    protected KyuubiOperationEvent event(String operation) {
        return read(get("/api/v1/operations/" + operation + "/event"), 200, KyuubiOperationEvent.class);
    }

    protected KyuubiOperationEvent awaitState(String operation, Set<String> states) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        KyuubiOperationEvent event = event(operation);
        while (!states.contains(event.state()) && System.nanoTime() < deadline) {
            sleep(50);
            event = event(operation);
        }
        assertThat(event.state()).isIn(states);
        return event;
    }

    protected ResultRowSet rowSet(String operation, String query) {
        return read(get("/api/v1/operations/" + operation + "/rowset" + query), 200, ResultRowSet.class);
    }

    /** The first column's value of every row of a page. */
    protected static List<Object> ids(ResultRowSet page) {
        return page.rows().stream().map(row -> row.fields().get(0).value()).toList();
    }

    /** A connection to the engine's database as the engine's role, beside the service's own. */
    protected static Connection engineConnection() throws SQLException {
        return DriverManager.getConnection(engineUrl(ENGINE_DATABASE), ENGINE_ROLE, ENGINE_ROLE);
    }

    /** Waits up to 10 s for {@code condition}, then asserts it. */
    protected static void awaitTrue(SqlCondition condition, String what) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.holds() && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertThat(condition.holds()).as(what).isTrue();
    }

    /** A condition read from the engine. */
    @FunctionalInterface
    protected interface SqlCondition {
        boolean holds() throws SQLException;
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
