package io.tributary.session.operations;

import java.util.List;

/** {@code GET /operations/{h}/resultsetmetadata}. */
public record ResultSetMetaData(List<ColumnDesc> columns) {
}
