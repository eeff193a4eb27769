package io.tributary.infra.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tributary.testkit.TestInfrastructure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The roles and schemas the init script creates keep each service's metadata to itself, once migrated (the
 * queries succeed as the owning role; other tests may have added rows). */
class DeployedDatabaseRulesTest {

    private static TestInfrastructure infra;

    @BeforeAll
    static void startSuite() {
        infra = TestInfrastructure.get();
        assumeTrue(infra.ownsPostgres(), "needs a PostgreSQL server this JVM may create roles on");
        RunningSuite.get();
    }

    @Test
    void eachServiceMigratedItsOwnSchemaAsItsOwnRole() throws SQLException {
        assertThat(count("sql_service", "SELECT count(*) FROM ksql.command_log")).isNotNegative();
        assertThat(count("proxy_service", "SELECT count(*) FROM kafka_rest.consumer_instance")).isNotNegative();
        assertThat(count("connect_service", "SELECT count(*) FROM connect.connector_config_change")).isNotNegative();
        assertThat(count("session_service", "SELECT count(*) FROM kyuubi.session_event")).isNotNegative();
    }

    @Test
    void aServiceRoleCannotReadAnotherServicesSchema() {
        assertThatThrownBy(() -> count("sql_service", "SELECT count(*) FROM kafka_rest.consumer_instance"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        assertThatThrownBy(() -> count("session_service", "SELECT count(*) FROM ksql.command_log"))
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void theEngineRoleCannotConnectToTheMetadataDatabase() {
        assertThatThrownBy(() -> DriverManager.getConnection(infra.jdbcUrl("tributary"), "engine_user", "engine_user")
                .close())
                .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    private static long count(String role, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl("tributary"), role, role);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
