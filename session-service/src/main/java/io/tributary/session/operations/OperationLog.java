package io.tributary.session.operations;

import java.util.List;

/** {@code GET /operations/{h}/log}. */
public record OperationLog(List<String> logRowSet, int rowCount) {
}
