package io.tributary.sql.engine;

import io.tributary.sql.ast.Statement.Properties;
import io.tributary.sql.format.RecordFormat;
import io.tributary.sql.metastore.Formats;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The WITH clause of CREATE statements: which properties exist, the formats they name, partitions, replicas. */
final class SourceProperties {

    static final Set<String> CREATE_SOURCE = Set.of("KAFKA_TOPIC", "VALUE_FORMAT", "KEY_FORMAT", "FORMAT",
            "PARTITIONS", "REPLICAS", "TIMESTAMP", "TIMESTAMP_FORMAT", "VALUE_DELIMITER", "KEY_DELIMITER",
            "WRAP_SINGLE_VALUE", "RETENTION_MS", "CLEANUP_POLICY", "WINDOW_TYPE", "WINDOW_SIZE", "KEY_SCHEMA_ID",
            "VALUE_SCHEMA_ID", "KEY_SCHEMA_FULL_NAME", "VALUE_SCHEMA_FULL_NAME", "VALUE_AVRO_SCHEMA_FULL_NAME",
            "SOURCE_CONNECTOR");
    static final Set<String> INSERT_INTO = Set.of("QUERY_ID");

    private static final Set<String> KNOWN_FORMATS = Set.of("JSON", "DELIMITED", "KAFKA", "AVRO", "PROTOBUF",
            "PROTOBUF_NOSR", "JSON_SR", "NONE");

    private SourceProperties() {
    }

    static void checkNames(Properties properties, Set<String> allowed) {
        Set<String> unknown = new TreeSet<>(properties.values().keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new KsqlStatementException("Invalid config variable(s) in the WITH clause: "
                    + String.join(",", unknown));
        }
    }

    /** The formats a WITH clause names, falling back on {@code defaults} (a CSAS's source). */
    static Formats formats(Properties p, Optional<Formats> defaults) {
        Optional<String> format = p.string("FORMAT").map(SourceProperties::upper);
        Optional<String> valueFormat = p.string("VALUE_FORMAT").map(SourceProperties::upper);
        Optional<String> keyFormat = p.string("KEY_FORMAT").map(SourceProperties::upper);
        if (format.isPresent() && (valueFormat.isPresent() || keyFormat.isPresent())) {
            throw new KsqlStatementException("Cannot supply both 'FORMAT' and '"
                    + (valueFormat.isPresent() ? "VALUE_FORMAT" : "KEY_FORMAT") + "' properties, as 'FORMAT' sets"
                    + " both key and value formats. Either use just 'FORMAT', or use 'KEY_FORMAT' and"
                    + " 'VALUE_FORMAT'.");
        }
        String value = format.or(() -> valueFormat).or(() -> defaults.map(Formats::valueFormat))
                .orElseThrow(() -> new KsqlStatementException("Statement is missing the 'VALUE_FORMAT' property from"
                        + " the WITH clause. Either provide one or set a default via the"
                        + " 'ksql.persistence.default.format.value' config."));
        String key = format.or(() -> keyFormat).or(() -> defaults.map(Formats::keyFormat)).orElse("KAFKA");
        check(value, false);
        check(key, true);
        boolean wrap = p.get("WRAP_SINGLE_VALUE").map(v -> Boolean.parseBoolean(v.toString()))
                .orElse(true); // a sink does not inherit its source's WRAP_SINGLE_VALUE
        if (p.get("WRAP_SINGLE_VALUE").isPresent() && value.equals("KAFKA")) {
            throw new KsqlStatementException("'WRAP_SINGLE_VALUE' can not be used with 'KAFKA' format");
        }
        Optional<String> valueDelimiter = p.string("VALUE_DELIMITER")
                .or(() -> defaults.flatMap(Formats::valueDelimiter));
        Optional<String> keyDelimiter = p.string("KEY_DELIMITER").or(() -> defaults.flatMap(Formats::keyDelimiter));
        for (Optional<String> delimiter : java.util.List.of(valueDelimiter, keyDelimiter)) {
            if (delimiter.isPresent() && delimiter.get().length() != 1
                    && !Set.of("TAB", "SPACE").contains(upper(delimiter.get()))) {
                throw new KsqlStatementException("Invalid delimiter value: '" + delimiter.get() + "'. Delimiter must"
                        + " be a single character or TAB or SPACE");
            }
        }
        if (valueDelimiter.isPresent() && !value.equals("DELIMITED")) {
            throw new KsqlStatementException("VALUE_DELIMITER may only be used with the DELIMITED value format");
        }
        return new Formats(key, value, keyDelimiter, valueDelimiter, wrap);
    }

    private static void check(String format, boolean key) {
        if (!KNOWN_FORMATS.contains(format)) {
            throw new KsqlStatementException("Unknown format: " + format);
        }
        if (format.equals("NONE") && !key) {
            throw new KsqlStatementException("The 'NONE' format can only be used as the KEY_FORMAT");
        }
        if (!format.equals("NONE") && !RecordFormat.SUPPORTED.contains(format)) {
            throw new KsqlStatementException("The format '" + format + "' is not supported yet: Tributary's"
                    + " sql-service reads and writes JSON, DELIMITED and KAFKA.");
        }
    }

    static Optional<Integer> partitions(Properties p) {
        return p.get("PARTITIONS").map(v -> positiveInt("PARTITIONS", v));
    }

    static Optional<Short> replicas(Properties p) {
        return p.get("REPLICAS").map(v -> (short) positiveInt("REPLICAS", v));
    }

    private static int positiveInt(String name, Object value) {
        try {
            int n = Integer.parseInt(value.toString());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new KsqlStatementException("Invalid value for " + name + ": " + value + ". It must be a positive"
                + " integer.");
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
