package io.tributary.common;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts a Tributary application whose configuration file is named after it ({@code sql-service.yml}, ...)
 * rather than {@code application.yml}, so that every application can share one classpath (the suite-level
 * tests run them all in one JVM). An {@code application.yml} an operator adds is still read, after it.
 */
public final class TributaryApplication {

    private TributaryApplication() {
    }

    public static SpringApplicationBuilder builder(Class<?> application, String name, WebApplicationType type) {
        return new SpringApplicationBuilder(application)
                .web(type)
                .properties(Map.of("spring.config.name", name + ",application"));
    }

    public static void run(Class<?> application, String name, String[] args) {
        SpringApplication app = builder(application, name, WebApplicationType.SERVLET).build(args);
        app.run(args);
    }
}
