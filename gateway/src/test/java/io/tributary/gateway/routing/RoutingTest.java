package io.tributary.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.gateway.support.GatewayIntegrationTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class RoutingTest extends GatewayIntegrationTest {

    @ParameterizedTest(name = "{0} reaches {1} as {2}")
    @CsvSource({
            // sql-service: the ksqlDB API
            "/ksql,                                 sql-service,     /ksql",
            "/ksql/terminate,                       sql-service,     /ksql/terminate",
            "/query,                                sql-service,     /query",
            "/query-stream,                         sql-service,     /query-stream",
            "/close-query,                          sql-service,     /close-query",
            "/inserts-stream,                       sql-service,     /inserts-stream",
            "/info,                                 sql-service,     /info",
            "/healthcheck,                          sql-service,     /healthcheck",
            "/status,                               sql-service,     /status",
            "/status/stream/PAGEVIEWS/create,       sql-service,     /status/stream/PAGEVIEWS/create",
            "/clusterStatus,                        sql-service,     /clusterStatus",
            "/is_valid_property/ksql.streams.x,     sql-service,     /is_valid_property/ksql.streams.x",
            // sql-service: the AsterixDB face
            "/query/service,                        sql-service,     /query/service",
            "/query/service/result/7f3a,            sql-service,     /query/service/result/7f3a",
            "/admin/requests/running/42,            sql-service,     /admin/requests/running/42",
            // proxy-service
            "/topics,                               proxy-service,   /topics",
            "/topics/orders/partitions/0,           proxy-service,   /topics/orders/partitions/0",
            "/consumers/g1/instances/c1/records,    proxy-service,   /consumers/g1/instances/c1/records",
            "/brokers,                              proxy-service,   /brokers",
            "/brokers/1,                            proxy-service,   /brokers/1",
            // connect-service
            "/connectors,                           connect-service, /connectors",
            "/connectors/jdbc-sink/status,          connect-service, /connectors/jdbc-sink/status",
            "/connector-plugins,                    connect-service, /connector-plugins",
            "/connector-plugins/FileStreamSink/config/validate, connect-service, /connector-plugins/FileStreamSink/config/validate",
            "/admin/loggers,                        connect-service, /admin/loggers",
            "/admin/loggers/org.apache.kafka,       connect-service, /admin/loggers/org.apache.kafka",
            // session-service
            "/api/v1/sessions,                      session-service, /api/v1/sessions",
            "/api/v1/batches/b1/localLog,           session-service, /api/v1/batches/b1/localLog",
            // per-service prefixes, stripped
            "/sql/info,                             sql-service,     /info",
            "/sql/v3/api-docs,                      sql-service,     /v3/api-docs",
            "/proxy/topics,                         proxy-service,   /topics",
            "/proxy/v3/api-docs,                    proxy-service,   /v3/api-docs",
            "/connect/connectors,                   connect-service, /connectors",
            "/connect/v3/api-docs,                  connect-service, /v3/api-docs",
            "/connect/,                             connect-service, /",
            "/connect,                              connect-service, /",
            "/kyuubi/api/v1/sessions,               session-service, /api/v1/sessions",
            "/kyuubi/v3/api-docs,                   session-service, /v3/api-docs",
    })
    void routesEachPathToItsService(String path, String service, String upstreamPath) {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode echo = json(response);
        assertThat(echo.get("service").stringValue()).isEqualTo(service);
        assertThat(echo.get("path").stringValue()).isEqualTo(upstreamPath);
    }

    @Test
    void keepsTheQueryStringAndMethodAndBody() {
        String statement = "{\"ksql\":\"SHOW STREAMS;\",\"streamsProperties\":{}}";
        HttpResponse<String> response = send(request("/sql/ksql?pretty=true&x=a%20b")
                .header("Content-Type", "application/vnd.ksql.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(statement))
                .build());

        JsonNode echo = json(response);
        assertThat(echo.get("method").stringValue()).isEqualTo("POST");
        assertThat(echo.get("path").stringValue()).isEqualTo("/ksql?pretty=true&x=a%20b");
        assertThat(echo.get("bodyLength").intValue()).isEqualTo(statement.length());
        assertThat(echo.get("headers").get("content-type").stringValue()).isEqualTo("application/vnd.ksql.v1+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/query/other", "/queryx", "/topicsx", "/api/v2/sessions", "/"})
    void doesNotRouteLookalikePaths(String path) {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("message").stringValue()).isEqualTo("No route for GET " + path);
    }

    @Test
    void passesSuccessfulAnswersThroughUntouched() {
        HttpResponse<String> response = get("/brokers");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValueAsLong("Content-Length")).hasValue(response.body().length());
        assertThat(json(response).has("error_code")).isFalse();
    }
}
