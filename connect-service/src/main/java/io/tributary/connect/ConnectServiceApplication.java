package io.tributary.connect;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ConnectServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConnectServiceApplication.class, args);
    }
}
