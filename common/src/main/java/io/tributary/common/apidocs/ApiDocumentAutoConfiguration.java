package io.tributary.common.apidocs;

import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Names each service's OpenAPI document after the API it serves (springdoc's default title, "OpenAPI definition",
 * is the same for all five documents Swagger UI lists).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
@EnableConfigurationProperties(ApiDocumentProperties.class)
public class ApiDocumentAutoConfiguration {

    @Bean
    OpenApiCustomizer apiDocumentInfo(ApiDocumentProperties document) {
        return openApi -> {
            Info info = openApi.getInfo() == null ? new Info() : openApi.getInfo();
            if (document.title() != null) {
                info.setTitle(document.title());
            }
            if (document.description() != null) {
                info.setDescription(document.description());
            }
            if (document.version() != null) {
                info.setVersion(document.version());
            }
            openApi.setInfo(info);
        };
    }
}
