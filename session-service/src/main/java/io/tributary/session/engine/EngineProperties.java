package io.tributary.session.engine;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kyuubi.engine.*}: the default JDBC engine sessions connect to, which engine types and URLs a session's
 * configs may choose, and the executor statements run on.
 *
 * @param jdbc the default engine connection and the URLs a session may override it with
 * @param allowedTypes values of {@code kyuubi.engine.type} a session may ask for
 * @param execPoolSize threads running statements (Kyuubi's {@code kyuubi.backend.server.exec.pool.size})
 * @param execPoolQueueSize sessions waiting for a thread, and statements waiting for their session's connection,
 *     before new ones are refused
 * @param fetchSize rows the engine driver buffers per round trip while a result is paged
 * @param sessionIdleTimeout sessions untouched this long are closed
 * @param operationIdleTimeout ended operations untouched this long are closed, freeing their results
 * @param sessionBusyTimeout how long a request waits for a session's engine connection while another operation of
 *        the session uses it (a long statement) before it is answered 503: the connection serves one call at a time
 * @param doAs whether {@code SPARK}/{@code PYSPARK} batches run as the authenticated user (spark-submit
 *        {@code --proxy-user}), {@code kyuubi.engine.doAs.enabled}: Kyuubi's default, true
 */
@ConfigurationProperties("kyuubi.engine")
public record EngineProperties(
        @DefaultValue Jdbc jdbc,
        @DefaultValue("JDBC") List<String> allowedTypes,
        @DefaultValue("8") int execPoolSize,
        @DefaultValue("100") int execPoolQueueSize,
        @DefaultValue("1000") int fetchSize,
        @DefaultValue("6h") Duration sessionIdleTimeout,
        @DefaultValue("3h") Duration operationIdleTimeout,
        @DefaultValue("10s") Duration sessionBusyTimeout,
        @DefaultValue DoAs doAs) {

    /** {@code kyuubi.engine.doAs.*}. */
    public record DoAs(@DefaultValue("true") boolean enabled) {
    }

    /**
     * @param url the default engine's JDBC URL
     * @param allowedUrlPrefixes a session's {@code kyuubi.engine.jdbc.connection.url} must start with one of these;
     *        add {@code jdbc:duckdb:} or {@code jdbc:trino:} (and put the driver on the classpath) for other engines
     */
    public record Jdbc(
            @DefaultValue("jdbc:postgresql://localhost:5432/tributary_engine") String url,
            @DefaultValue("engine_user") String user,
            @DefaultValue("engine_user") String password,
            @DefaultValue("jdbc:postgresql:") List<String> allowedUrlPrefixes) {
    }
}
