package io.tributary.sql.metastore;

import java.util.Optional;

/**
 * How a source's key and value are serialized: the format names ({@code KAFKA}, {@code JSON},
 * {@code DELIMITED}), the delimiters of {@code DELIMITED} and whether a single value column is wrapped.
 */
public record Formats(String keyFormat, String valueFormat, Optional<String> keyDelimiter,
        Optional<String> valueDelimiter, boolean wrapSingleValue) {

    public char valueDelimiterChar() {
        return delimiter(valueDelimiter);
    }

    public char keyDelimiterChar() {
        return delimiter(keyDelimiter);
    }

    private static char delimiter(Optional<String> given) {
        String d = given.orElse(",");
        return switch (d.toUpperCase(java.util.Locale.ROOT)) {
            case "TAB" -> '\t';
            case "SPACE" -> ' ';
            default -> d.charAt(0);
        };
    }
}
