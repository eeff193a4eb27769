package io.tributary.sql.queryservice;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code format} parameter: JSON (the default), ADM (answered as JSON, as AsterixDB's clean JSON is valid ADM),
 * or CSV, whose rows become text lines inside {@code results}, with a header line when asked
 * ({@code text/csv;header=present}).
 */
public record ResultFormat(Kind kind, boolean csvHeader) {

    public enum Kind { JSON, ADM, CSV }

    public static final ResultFormat JSON = new ResultFormat(Kind.JSON, false);

    /** Parses the parameter as AsterixDB does (case-insensitive, attributes after ';'); empty if not a format. */
    public static Optional<ResultFormat> parse(String format, String headerParameter) {
        if (format == null || format.isBlank()) {
            return Optional.of(JSON);
        }
        String lower = format.trim().toLowerCase(Locale.ROOT);
        String type = lower.contains(";") ? lower.substring(0, lower.indexOf(';')).trim() : lower;
        switch (type) {
            case "application/json", "json" -> {
                return Optional.of(JSON);
            }
            case "application/x-adm", "adm" -> {
                return Optional.of(new ResultFormat(Kind.ADM, false));
            }
            case "text/csv", "csv" -> {
                String header = attribute(lower, "header");
                if (header == null && headerParameter != null) {
                    header = headerParameter.trim().toLowerCase(Locale.ROOT);
                }
                if (header != null && !header.equals("present") && !header.equals("absent")) {
                    return Optional.empty();
                }
                return Optional.of(new ResultFormat(Kind.CSV, "present".equals(header)));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The {@code type} field AsterixDB adds for non-JSON formats. */
    public Optional<String> typeField() {
        return switch (kind) {
            case JSON -> Optional.empty();
            case ADM -> Optional.of("application/x-adm");
            case CSV -> Optional.of("text/csv; header=" + (csvHeader ? "present" : "absent"));
        };
    }

    private static String attribute(String format, String name) {
        for (String part : format.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
