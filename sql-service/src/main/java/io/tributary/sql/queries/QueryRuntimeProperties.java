package io.tributary.sql.queries;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ksql.streams.*}: how persistent queries run. Small commit intervals make results visible sooner; the
 * record cache is off so each input record yields its output at once (ksqlDB's defaults for tests).
 */
@ConfigurationProperties("ksql.streams")
public record QueryRuntimeProperties(
        @DefaultValue("${java.io.tmpdir}/tributary-ksql-streams") String stateDir,
        @DefaultValue("2000ms") Duration commitInterval,
        @DefaultValue("0") long cacheMaxBytes,
        @DefaultValue("latest") String autoOffsetReset) {
}
