package io.tributary.common.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** {@code tributary.http.*}: limits every service applies to incoming requests. */
@ConfigurationProperties("tributary.http")
public record HttpLimitsProperties(@DefaultValue("10MB") DataSize maxRequestSize) {
}
