package io.tributary.connect;

import io.tributary.common.TributaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ConnectServiceApplication {

    public static final String NAME = "connect-service";

    public static void main(String[] args) {
        TributaryApplication.run(ConnectServiceApplication.class, NAME, args);
    }
}
