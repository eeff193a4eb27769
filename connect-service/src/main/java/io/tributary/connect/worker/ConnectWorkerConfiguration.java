package io.tributary.connect.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the embedded worker once this service listens (its advertised URL is this service's URL, so the port
 * must be known) and waits, bounded, until it has joined its group so the service starts ready; stops it when
 * the application closes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectWorkerProperties.class)
class ConnectWorkerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConnectWorkerConfiguration.class);

    @Bean(destroyMethod = "stop")
    EmbeddedConnectWorker embeddedConnectWorker(ConnectWorkerProperties properties) {
        return new EmbeddedConnectWorker(properties);
    }

    @Bean
    HerderCalls herderCalls(EmbeddedConnectWorker worker) {
        return new HerderCalls(worker);
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> connectWorkerStarter(EmbeddedConnectWorker worker) {
        return event -> {
            if (event.getApplicationContext().getParent() != null && worker.herder() != null) {
                return;
            }
            String url = worker.properties().advertisedUrl();
            if (url == null || url.isBlank()) {
                String host = worker.properties().advertisedHost();
                url = "http://" + (host == null || host.isBlank() ? localHostName() : host) + ":" + event.getWebServer().getPort() + "/";
            }
            worker.start(url);
            if (!worker.awaitReady(worker.properties().startupWait())) {
                log.warn("The Connect worker has not joined group {} within {}; requests answer 503 until it has",
                        worker.properties().groupId(), worker.properties().startupWait());
            }
        };
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
