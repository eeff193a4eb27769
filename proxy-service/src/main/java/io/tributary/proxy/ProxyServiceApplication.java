package io.tributary.proxy;

import io.tributary.common.TributaryApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ProxyServiceApplication {

    public static final String NAME = "proxy-service";

    public static void main(String[] args) {
        TributaryApplication.run(ProxyServiceApplication.class, NAME, args);
    }
}
