package io.tributary.session.server;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kyuubi.server.*}: {@code reportedVersion} is the Kyuubi release whose REST API v1 we serve;
 * {@code administrators} are the users (Basic auth) the admin resource answers, as Kyuubi's
 * {@code kyuubi.server.administrators}. Nobody by default.
 */
@ConfigurationProperties("kyuubi.server")
public record KyuubiServerProperties(@DefaultValue("1.10.1") String reportedVersion,
        @DefaultValue List<String> administrators) {
}
