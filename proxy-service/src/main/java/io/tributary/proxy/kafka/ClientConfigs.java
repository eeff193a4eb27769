package io.tributary.proxy.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The connection settings the proxy's own producers and consumers share with its admin client: bootstrap servers
 * and security ({@code spring.kafka.properties.security.protocol=SSL}, ...), nothing admin-specific.
 */
public final class ClientConfigs {

    private ClientConfigs() {
    }

    public static Map<String, Object> from(Map<String, Object> adminConfig) {
        Map<String, Object> shared = new HashMap<>();
        adminConfig.forEach((key, value) -> {
            if (key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || key.startsWith("security.")
                    || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                shared.put(key, value);
            }
        });
        return shared;
    }
}
