package io.tributary.session;

import io.tributary.common.TributaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class SessionServiceApplication {

    public static final String NAME = "session-service";

    public static void main(String[] args) {
        TributaryApplication.run(SessionServiceApplication.class, NAME, args);
    }
}
