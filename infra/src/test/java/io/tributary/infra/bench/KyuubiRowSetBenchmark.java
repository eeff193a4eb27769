package io.tributary.infra.bench;

import io.tributary.infra.suite.RunningSuite;
import io.tributary.testkit.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The same 1,000,000-row result read (a) by plain JDBC from the engine database, (b) through session-service's
 * {@code statement} + {@code rowset} paging at Kyuubi's default page size (100 rows), and (c) the same through the
 * gateway, in one run: every path read in full as a warm-up, then rounds of (a), (b), (c); the median rows/s of
 * each and its ratio to (a)'s, with every round's figure. Each page is parsed as a client does. The pages are
 * fetched one after the other over one keep-alive connection ({@link KeepAliveHttp}).
 *
 * <p>Run: {@code ./tributary bench kyuubi}, or {@code ./mvnw -pl infra verify -Dtest=KyuubiRowSetBenchmark
 * -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false}. Options: {@code -Dbenchmark.rows=1000000},
 * {@code -Dbenchmark.maxrows=100}, {@code -Dbenchmark.warmups=2}, {@code -Dbenchmark.rounds=3}. The table goes to
 * stdout and to {@code infra/target/kyuubi-benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class KyuubiRowSetBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String QUERY = "SELECT g AS id, 'row ' || g AS label, g * 1.5::float8 AS amount "
            + "FROM generate_series(1, %d) g";

    private final int rows = Integer.getInteger("benchmark.rows", 1_000_000);
    private final int maxRows = Integer.getInteger("benchmark.maxrows", 100);
    private final int warmUps = Integer.getInteger("benchmark.warmups", 2);
    private final int rounds = Math.max(1, Integer.getInteger("benchmark.rounds", 3));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void rowSetPagingDirectAndThroughTheGatewayAgainstPlainJdbc() throws Exception {
        RunningSuite suite = RunningSuite.get();
        String direct = "http://127.0.0.1:" + suite.port("session-service") + "/api/v1";
        String gateway = "http://127.0.0.1:" + suite.port("gateway") + "/api/v1";
        // the service's and the gateway's paths are long (Tomcat, Spring, Netty, Jackson, the driver): the JIT was
        // still compiling them, a whole core's worth, through a run after a short warm-up
        for (int i = 0; i < warmUps; i++) {
            plainJdbc(rows);
            paging(direct, rows);
            paging(gateway, rows);
        }
        double[] jdbc = new double[rounds];
        double[] service = new double[rounds];
        double[] throughGateway = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            jdbc[i] = rowsPerSecond(() -> plainJdbc(rows));
            service[i] = rowsPerSecond(() -> paging(direct, rows));
            throughGateway[i] = rowsPerSecond(() -> paging(gateway, rows));
        }

        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%nBENCHMARK session-service rowset paging, %,d rows, maxrows=%d, "
                + "median of %d rounds after %d warm-up round(s) of each path%n", rows, maxRows, rounds, warmUps));
        double baseline = median(jdbc);
        row(table, "(a) plain JDBC (fetch size 1000)", jdbc, baseline);
        row(table, "(b) session-service statement + rowset", service, baseline);
        row(table, "(c) gateway -> session-service", throughGateway, baseline);
        String text = table.toString();
        System.out.println(text);
        Path out = Path.of("target", "kyuubi-benchmark.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text, StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder table, String name, double[] rowsPerSecond, double baseline) {
        double median = median(rowsPerSecond);
        StringBuilder each = new StringBuilder();
        for (double value : rowsPerSecond) {
            each.append(each.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.0fk", value / 1000));
        }
        table.append(String.format(Locale.ROOT, "  %-42s %12.0f rows/s   ratio to (a) %5.2f   (rounds: %s)%n", name,
                median, median / baseline, each));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private interface Read {
        long rows() throws Exception;
    }

    private double rowsPerSecond(Read read) throws Exception {
        long started = System.nanoTime();
        long read1 = read.rows();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (read1 != rows) {
            throw new AssertionError("read " + read1 + " rows, expected " + rows);
        }
        return read1 / seconds;
    }

    /** The engine database as the service's sessions reach it (the deployment's engine role when it is there). */
    private static Connection engine() throws Exception {
        TestInfrastructure infra = TestInfrastructure.get();
        return infra.ownsPostgres()
                ? DriverManager.getConnection(infra.jdbcUrl("tributary_engine"), "engine_user", "engine_user")
                : DriverManager.getConnection(infra.jdbcUrl(), infra.user(), infra.password());
    }

    private static long plainJdbc(int count) throws Exception {
        long read = 0;
        try (Connection connection = engine()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(1000);
                try (ResultSet rs = statement.executeQuery(QUERY.formatted(count))) {
                    while (rs.next()) {
                        rs.getInt(1);
                        rs.getString(2);
                        rs.getDouble(3);
                        read++;
                    }
                }
            }
        }
        return read;
    }

    /** Opens a session, runs the query, reads every page (parsed) and closes the session. */
    private long paging(String base, int count) throws Exception {
        String session = JSON.readTree(send("POST", base + "/sessions", "{}")).path("identifier").asString();
        try {
            String operation = JSON.readTree(send("POST", base + "/sessions/" + session + "/operations/statement",
                    JSON.writeValueAsString(Map.of("statement", QUERY.formatted(count), "runAsync", false))))
                    .path("identifier").asString();
            KeepAliveHttp.Target rowset = KeepAliveHttp.Target.of("GET",
                    base + "/operations/" + operation + "/rowset?maxrows=" + maxRows, List.of(), null);
            KeepAliveHttp.ResponseBody body = new KeepAliveHttp.ResponseBody();
            long read = 0;
            try (KeepAliveHttp.Connection connection =
                    new KeepAliveHttp.Connection(rowset, 60_000)) {
                while (true) {
                    int status = connection.exchange(body);
                    if (status != 200) {
                        throw new AssertionError("rowset answered " + status + ": " + body.asString());
                    }
                    if (connection.closeAfterwards) {
                        throw new AssertionError("rowset closed a keep-alive connection");
                    }
                    JsonNode page = JSON.readTree(body.bytes(), 0, body.length());
                    int pageRows = page.path("rowCount").asInt();
                    if (pageRows == 0) {
                        return read;
                    }
                    for (JsonNode row : page.path("rows")) {
                        row.path("fields").get(1).path("value").asString();
                    }
                    read += pageRows;
                }
            }
        } finally {
            send("DELETE", base + "/sessions/" + session, null);
        }
    }

    private String send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new AssertionError(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }
}
