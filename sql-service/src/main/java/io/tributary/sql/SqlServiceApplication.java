package io.tributary.sql;

import io.tributary.common.TributaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SqlServiceApplication {

    public static final String NAME = "sql-service";

    public static void main(String[] args) {
        TributaryApplication.run(SqlServiceApplication.class, NAME, args);
    }
}
