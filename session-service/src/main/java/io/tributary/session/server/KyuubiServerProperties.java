package io.tributary.session.server;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code kyuubi.server.*}: {@code reportedVersion} is the Kyuubi release whose REST API v1 we serve. */
@ConfigurationProperties("kyuubi.server")
public record KyuubiServerProperties(@DefaultValue("1.10.1") String reportedVersion) {
}
