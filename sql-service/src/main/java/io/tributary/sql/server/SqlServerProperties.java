package io.tributary.sql.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ksql.*}: the identity this server shows to ksqlDB clients. {@code serviceId} also prefixes every
 * persistent query's Kafka Streams application id, so instances with the same id share the work.
 * {@code reportedVersion} is the ksqlDB version whose API we serve; the CLI compares it with its own.
 */
@ConfigurationProperties("ksql")
public record SqlServerProperties(
        @DefaultValue("default_") String serviceId,
        @DefaultValue("0.29.0") String reportedVersion) {
}
