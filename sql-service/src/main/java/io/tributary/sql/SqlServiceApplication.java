package io.tributary.sql;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SqlServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SqlServiceApplication.class, args);
    }
}
