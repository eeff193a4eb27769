package io.tributary.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * What the gateway adds on top of Spring Cloud Gateway's own settings.
 *
 * @param trustForwardedHeaders keep the {@code X-Forwarded-*} a client sent (only behind a proxy that sets them);
 *                              otherwise the gateway overwrites them with what it saw itself
 * @param maxErrorBodySize      the most of an upstream error body read to reshape it; a larger one is replaced
 */
@ConfigurationProperties("tributary.gateway")
public record TributaryGatewayProperties(
        @DefaultValue("false") boolean trustForwardedHeaders,
        @DefaultValue("1MB") DataSize maxErrorBodySize) {
}
