package io.tributary.session.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** This server's {@code host:port}, Kyuubi's {@code kyuubiInstance}: the instance that holds a session. */
@Component
public class ServerInstance {

    private final String host;
    private volatile String instance;

    public ServerInstance() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "localhost";
        }
        this.host = name;
        this.instance = name;
    }

    @EventListener
    void started(WebServerInitializedEvent event) {
        instance = host + ":" + event.getWebServer().getPort();
    }

    public String instance() {
        return instance;
    }
}
