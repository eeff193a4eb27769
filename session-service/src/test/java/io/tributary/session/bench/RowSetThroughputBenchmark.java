package io.tributary.session.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.ResultRowSet;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The same query result read (a) by plain JDBC from the engine and (b) through {@code statement} + {@code rowset}
 * paging of this service, in one run; prints rows/s and the ratio. Skipped unless asked for:
 * {@code ./mvnw -pl session-service verify -Dtest=RowSetThroughputBenchmark -Dbenchmark=true [-Dbenchmark.rows=1000000] [-Dbenchmark.maxrows=100]}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RowSetThroughputBenchmark extends SessionServiceIntegrationTest {

    private static final String QUERY = "SELECT g AS id, 'row ' || g AS label, g * 1.5::float8 AS amount "
            + "FROM generate_series(1, %d) g";

    @Test
    void rowSetPagingAgainstPlainJdbc() throws Exception {
        int rows = Integer.getInteger("benchmark.rows", 1_000_000);
        int maxRows = Integer.getInteger("benchmark.maxrows", 100);
        String sql = QUERY.formatted(rows);

        long jdbcStart = System.nanoTime();
        long jdbcRows = 0;
        try (Connection connection = DriverManager.getConnection(engineUrl(ENGINE_DATABASE), ENGINE_ROLE, ENGINE_ROLE)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(1000);
                try (ResultSet rs = statement.executeQuery(sql)) {
                    while (rs.next()) {
                        rs.getInt(1);
                        rs.getString(2);
                        rs.getDouble(3);
                        jdbcRows++;
                    }
                }
            }
        }
        double jdbcSeconds = (System.nanoTime() - jdbcStart) / 1e9;

        String session = openSession();
        long serviceStart = System.nanoTime();
        String operation = submit(session, sql, false, null);
        long serviceRows = 0;
        for (ResultRowSet page = rowSet(operation, "?maxrows=" + maxRows); page.rowCount() > 0;
                page = rowSet(operation, "?maxrows=" + maxRows)) {
            serviceRows += page.rowCount();
        }
        double serviceSeconds = (System.nanoTime() - serviceStart) / 1e9;
        closeSession(session);

        String rawSession = openSession();
        long rawStart = System.nanoTime();
        String rawOperation = submit(rawSession, sql, false, null);
        long rawBytes = 0;
        for (String body = get("/api/v1/operations/" + rawOperation + "/rowset?maxrows=" + maxRows).body();
                !body.startsWith("{\"rows\":[]"); body = get("/api/v1/operations/" + rawOperation
                + "/rowset?maxrows=" + maxRows).body()) {
            rawBytes += body.length();
        }
        double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
        closeSession(rawSession);
        System.out.printf("%nservice rowset, bodies not parsed: %.2f s, %d bytes%n", rawSeconds, rawBytes);

        int pings = 2000;
        long pingStart = System.nanoTime();
        for (int i = 0; i < pings; i++) {
            get("/api/v1/ping");
        }
        double pingMicros = (System.nanoTime() - pingStart) / 1e3 / pings;

        assertThat(serviceRows).isEqualTo(jdbcRows).isEqualTo(rows);
        System.out.printf("%nplain HTTP round trip (GET /api/v1/ping): %.0f µs%n", pingMicros);
        System.out.printf("%nrowset benchmark, %d rows, maxrows=%d%n", rows, maxRows);
        System.out.printf("  plain JDBC      : %10.0f rows/s (%.2f s)%n", jdbcRows / jdbcSeconds, jdbcSeconds);
        System.out.printf("  service rowset  : %10.0f rows/s (%.2f s)%n", serviceRows / serviceSeconds, serviceSeconds);
        System.out.printf("  ratio           : %.2f%n", jdbcSeconds / serviceSeconds);
    }
}
