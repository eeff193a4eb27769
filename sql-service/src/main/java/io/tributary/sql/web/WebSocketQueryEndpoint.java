package io.tributary.sql.web;

import io.tributary.sql.engine.PullQueries;
import io.tributary.sql.engine.PushQueryEngine;
import io.tributary.sql.engine.RequestFailure;
import io.tributary.sql.entity.FieldInfo;
import io.tributary.sql.queries.PushQueries;
import io.tributary.sql.queries.PushQuery;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JacksonException;

/**
 * ksqlDB's WebSocket push query, {@code GET /ws/query?request=<KsqlRequest JSON>}: the first text message is the
 * result's columns ({@code [{"name":..,"schema":{..}}]}, as DESCRIBE shows them), then one {@code {"row":..}}
 * message per row; after LIMIT rows the socket is closed normally ("done"), a bad request closes it with
 * CANNOT_ACCEPT and the reason. Closing the socket ends the query. Registered on Tomcat's own WebSocket container;
 * each session streams on a thread of its own, which the push-query cap bounds.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketQueryEndpoint {

    private static final Logger log = LoggerFactory.getLogger(WebSocketQueryEndpoint.class);
    private static final Duration POLL = Duration.ofMillis(500);

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> wsQueryEndpoint(PushQueryEngine engine,
            PushQueries pushQueries) {
        ServerEndpointConfig config = ServerEndpointConfig.Builder.create(QuerySocket.class, "/ws/query")
                .configurator(new ServerEndpointConfig.Configurator() {
                    @Override
                    @SuppressWarnings("unchecked")
                    public <T> T getEndpointInstance(Class<T> type) {
                        return (T) new QuerySocket(engine);
                    }
                })
                .build();
        // Spring Boot adds Tomcat's WebSocket container (WsSci); the endpoint joins it once the context starts
        return factory -> factory.addContextCustomizers(context -> context.addServletContainerInitializer(
                (classes, servletContext) -> servletContext.addListener(new jakarta.servlet.ServletContextListener() {
                    @Override
                    public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
                        ServerContainer container = (ServerContainer) event.getServletContext()
                                .getAttribute(ServerContainer.class.getName());
                        try {
                            container.addEndpoint(config);
                        } catch (jakarta.websocket.DeploymentException e) {
                            throw new IllegalStateException("Cannot register /ws/query", e);
                        }
                    }
                }), null));
    }

    /** One WebSocket push query. */
    static final class QuerySocket extends Endpoint {

        private final PushQueryEngine engine;
        private volatile PushQuery query;

        QuerySocket(PushQueryEngine engine) {
            this.engine = engine;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            List<String> requests = session.getRequestParameterMap().getOrDefault("request", List.of());
            KsqlRequest request;
            try {
                request = requests.isEmpty() ? null
                        : QueryStreamResource.JSON.readValue(requests.get(0), KsqlRequest.class);
            } catch (JacksonException e) {
                request = null;
            }
            if (request == null || request.ksql() == null || request.ksql().isBlank()) {
                close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, "Error parsing request");
                return;
            }
            PushQueryEngine.Started started;
            try {
                started = engine.start(request.ksql(), request.streamsProperties(), request.sessionVariables());
            } catch (RequestFailure | PushQueries.TooManyPushQueries e) {
                close(session, CloseReason.CloseCodes.CANNOT_ACCEPT, e.getMessage());
                return;
            }
            if (started.pulled().isPresent()) {
                sendPulled(session, started.pulled().get());
                return;
            }
            query = started.query();
            Thread streamer = new Thread(() -> stream(session, started), "ws-" + query.id());
            streamer.setDaemon(true);
            streamer.start();
        }

        /** A pull query over the WebSocket: its columns, its rows, then a normal close. */
        private static void sendPulled(Session session, PullQueries.Answer answer) {
            try {
                session.getBasicRemote().sendText(QueryStreamResource.JSON.writeValueAsString(
                        answer.columns().stream().map(FieldInfo::of).toList()));
                for (List<Object> row : answer.rows()) {
                    session.getBasicRemote().sendText(QueryStreamResource.JSON.writeValueAsString(
                            Map.of("row", Map.of("columns", row))));
                }
                close(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "done");
            } catch (IOException | IllegalStateException e) {
                log.debug("WebSocket pull query {} ended: {}", answer.queryId(), e.toString());
            }
        }

        private void stream(Session session, PushQueryEngine.Started started) {
            PushQuery running = started.query();
            try (running) {
                session.getBasicRemote().sendText(QueryStreamResource.JSON.writeValueAsString(
                        running.columns().stream().map(FieldInfo::of).toList()));
                int sent = 0;
                while (session.isOpen() && (started.limit().isEmpty() || sent < started.limit().get())) {
                    PushQuery.Row row = running.poll(POLL);
                    if (running.closed()) {
                        break;
                    }
                    if (row == null) {
                        if (running.failed()) {
                            close(session, CloseReason.CloseCodes.UNEXPECTED_CONDITION,
                                    "The query " + running.id() + " failed");
                            return;
                        }
                        continue;
                    }
                    Map<String, Object> element = new LinkedHashMap<>();
                    element.put("columns", row.columns());
                    if (row.tombstone()) {
                        element.put("tombstone", true);
                    }
                    session.getBasicRemote().sendText(QueryStreamResource.JSON.writeValueAsString(
                            Map.of("row", element)));
                    sent++;
                }
                close(session, CloseReason.CloseCodes.NORMAL_CLOSURE, "done");
            } catch (IOException | IllegalStateException e) {
                log.debug("WebSocket push query {} ended: {}", running.id(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            PushQuery running = query;
            if (running != null) {
                running.close();
            }
        }

        private static void close(Session session, CloseReason.CloseCode code, String reason) {
            // a close reason may carry at most 123 bytes
            byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
            String text = bytes.length <= 123 ? reason : new String(bytes, 0, 123, StandardCharsets.UTF_8);
            try {
                session.close(new CloseReason(code, text));
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
