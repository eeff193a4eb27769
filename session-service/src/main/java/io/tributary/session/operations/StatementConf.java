package io.tributary.session.operations;

import io.tributary.session.errors.KyuubiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a statement's {@code confOverlay} (over its session's configs) changes on a JDBC engine, as Kyuubi's
 * engines read them per statement: {@code kyuubi.operation.result.max.rows} caps the result
 * ({@code Statement.setMaxRows}, 0 = no cap), {@code kyuubi.engine.jdbc.fetch.size} is the rows the driver fetches
 * per round trip. {@code kyuubi.operation.incremental.collect} (and the JDBC engine's
 * {@code kyuubi.engine.jdbc.operation.incremental.collect}) need nothing: results are always read incrementally
 * here. {@code kyuubi.operation.query.timeout} is the manager's. Anything else is ignored, as Kyuubi's JDBC engine
 * ignores what it does not know, and said so in the operation log.
 *
 * @param notes operation-log lines about the overlay keys that were ignored
 */
record StatementConf(int maxRows, int fetchSize, List<String> notes) {

    static final String RESULT_MAX_ROWS = "kyuubi.operation.result.max.rows";
    static final String FETCH_SIZE = "kyuubi.engine.jdbc.fetch.size";
    private static final List<String> ALWAYS_INCREMENTAL = List.of("kyuubi.operation.incremental.collect",
            "kyuubi.engine.jdbc.operation.incremental.collect");

    static StatementConf of(Map<String, String> sessionConf, Map<String, String> confOverlay, int defaultFetchSize) {
        Map<String, String> overlay = confOverlay == null ? Map.of() : confOverlay;
        Map<String, String> effective = new LinkedHashMap<>(sessionConf == null ? Map.of() : sessionConf);
        effective.putAll(overlay);
        int maxRows = number(effective, RESULT_MAX_ROWS, 0, 0);
        int fetchSize = number(effective, FETCH_SIZE, defaultFetchSize, 1);
        List<String> notes = new ArrayList<>();
        for (String key : overlay.keySet()) {
            if (key.equals(RESULT_MAX_ROWS) || key.equals(FETCH_SIZE) || key.equals(OperationManager.QUERY_TIMEOUT_CONF)) {
                continue;
            }
            notes.add(ALWAYS_INCREMENTAL.contains(key)
                    ? "confOverlay " + key + ": results are always collected incrementally on this engine"
                    : "confOverlay " + key + " is not applied by a JDBC engine; ignored");
        }
        return new StatementConf(maxRows, fetchSize, List.copyOf(notes));
    }

    private static int number(Map<String, String> conf, String key, int absent, int minimum) {
        String value = conf.get(key);
        if (value == null || value.isBlank()) {
            return absent;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw KyuubiException.invalid("Invalid " + key + ": '" + value + "' (expected an integer)");
        }
        if (parsed < minimum) {
            throw KyuubiException.invalid(key + " must be >= " + minimum + ", got " + parsed);
        }
        return parsed;
    }
}
