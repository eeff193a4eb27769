package io.tributary.common.apidocs;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The title, description and version of a service's OpenAPI document ({@code tributary.api.*}). */
@ConfigurationProperties("tributary.api")
public record ApiDocumentProperties(String title, String description, String version) {
}
