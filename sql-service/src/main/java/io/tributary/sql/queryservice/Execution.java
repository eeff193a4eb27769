package io.tributary.sql.queryservice;

import java.util.List;
import java.util.Map;

/**
 * What running a request produced: the last query's results already in the requested format (JSON values, or
 * CSV lines), or null when no statement was a query; the plans asked for; and the numbers for {@code metrics}.
 */
public record Execution(List<Object> results, Map<String, Object> plans, long resultSize, long processedObjects,
        long executionNanos) {

    public long resultCount() {
        return results == null ? 0 : results.size();
    }
}
