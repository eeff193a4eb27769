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
        // both paths once before measuring, so neither pays the JIT's and the caches' warm-up in the numbers
        int warmUp = Math.max(1, rows / 5);
        plainJdbc(warmUp);
        typedPaging(warmUp, maxRows);
        rawPaging(warmUp, maxRows);

        long jdbcStart = System.nanoTime();
        long jdbcRows = plainJdbc(rows);
        double jdbcSeconds = (System.nanoTime() - jdbcStart) / 1e9;

        long serviceStart = System.nanoTime();
        long serviceRows = typedPaging(rows, maxRows);
        double serviceSeconds = (System.nanoTime() - serviceStart) / 1e9;

        long rawStart = System.nanoTime();
        long rawBytes = rawPaging(rows, maxRows);
        double rawSeconds = (System.nanoTime() - rawStart) / 1e9;

        int pings = 2000;
        long pingStart = System.nanoTime();
        for (int i = 0; i < pings; i++) {
            get("/api/v1/ping");
        }
        double pingMicros = (System.nanoTime() - pingStart) / 1e3 / pings;

        assertThat(serviceRows).isEqualTo(jdbcRows).isEqualTo(rows);
        double pages = Math.ceil((double) rows / Math.max(1, maxRows));
        System.out.printf("%nrowset benchmark, %d rows, maxrows=%d (after a %d-row warm-up of each path)%n", rows,
                maxRows, warmUp);
        System.out.printf("  plain JDBC                : %10.0f rows/s (%.2f s)%n", jdbcRows / jdbcSeconds, jdbcSeconds);
        System.out.printf("  service rowset, typed     : %10.0f rows/s (%.2f s, %.0f µs per page)%n",
                serviceRows / serviceSeconds, serviceSeconds, serviceSeconds * 1e6 / pages);
        System.out.printf("  service rowset, not parsed: %10.0f rows/s (%.2f s, %.0f µs per page, %d bytes)%n",
                rows / rawSeconds, rawSeconds, rawSeconds * 1e6 / pages, rawBytes);
        System.out.printf("  plain HTTP round trip (GET /api/v1/ping): %.0f µs%n", pingMicros);
        System.out.printf("  ratio typed      : %.2f%n", jdbcSeconds / serviceSeconds);
        System.out.printf("  ratio not parsed : %.2f%n", jdbcSeconds / rawSeconds);
    }

    private static long plainJdbc(int rows) throws Exception {
        long read = 0;
        try (Connection connection = DriverManager.getConnection(engineUrl(ENGINE_DATABASE), ENGINE_ROLE, ENGINE_ROLE)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(1000);
                try (ResultSet rs = statement.executeQuery(QUERY.formatted(rows))) {
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

    /** Pages read into the client's typed records, as a client of kyuubi-rest-client does. */
    private long typedPaging(int rows, int maxRows) {
        String session = openSession();
        String operation = submit(session, QUERY.formatted(rows), false, null);
        long read = 0;
        for (ResultRowSet page = rowSet(operation, "?maxrows=" + maxRows); page.rowCount() > 0;
                page = rowSet(operation, "?maxrows=" + maxRows)) {
            read += page.rowCount();
        }
        closeSession(session);
        return read;
    }

    /** Pages fetched but not parsed: what the service and HTTP cost without the client's JSON reading. */
    private long rawPaging(int rows, int maxRows) {
        String session = openSession();
        String operation = submit(session, QUERY.formatted(rows), false, null);
        long bytes = 0;
        var first = get("/api/v1/operations/" + operation + "/rowset?maxrows=" + maxRows + "&offset=0");
        System.out.printf("%nfirst page: Content-Length %s, Transfer-Encoding %s%n",
                first.headers().firstValue("Content-Length").orElse("-"),
                first.headers().firstValue("Transfer-Encoding").orElse("-"));
        for (String body = get("/api/v1/operations/" + operation + "/rowset?maxrows=" + maxRows).body();
                !body.startsWith("{\"rows\":[]"); body = get("/api/v1/operations/" + operation
                + "/rowset?maxrows=" + maxRows).body()) {
            bytes += body.length();
        }
        closeSession(session);
        return bytes;
    }
}
