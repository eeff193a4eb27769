package io.tributary.session.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.SessionServiceIntegrationTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ApiRootEndpointsTest extends SessionServiceIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void pingAnswersPongAsPlainText() {
        HttpResponse<String> response = get("/api/v1/ping");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo("pong");
    }

    @Test
    void versionAnswersTheKyuubiReleaseWhoseApiIsServed() {
        HttpResponse<String> response = get("/api/v1/version");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"version\":\"1.10.1\"}");
    }

    @Test
    void metadataLivesInTheServicesOwnSchemaMigratedByFlyway() {
        String schema = jdbc.sql("SELECT current_schema()").query(String.class).single();
        Long migrated = jdbc.sql("SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'").query(Long.class).single();
        Long events = jdbc.sql("SELECT count(*) FROM session_event").query(Long.class).single();

        assertThat(schema).isEqualTo(SCHEMA);
        assertThat(migrated).isEqualTo(1L);
        assertThat(events).isNotNegative();
    }
}
