package io.tributary.sql.bounded;

import io.tributary.sql.metastore.Column;
import java.util.List;

/**
 * What a bounded query answered: its columns and rows (values as the engine computes them: Instant, BigDecimal,
 * List, Map...), and how many source records it looked at.
 */
public record BoundedResult(List<Column> columns, List<List<Object>> rows, long processedObjects) {

    public BoundedResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
