package io.tributary.gateway;

import io.tributary.common.TributaryApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static final String NAME = "gateway";

    public static void main(String[] args) {
        TributaryApplication.builder(GatewayApplication.class, NAME, WebApplicationType.REACTIVE).run(args);
    }
}
