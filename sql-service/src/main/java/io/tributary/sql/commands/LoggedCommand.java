package io.tributary.sql.commands;

import java.util.Map;

/** A statement that changed the metastore, as the command log holds it. */
public record LoggedCommand(long sequenceNumber, String commandId, String statement, Map<String, Object> properties,
        String status, String message, String queryId) {
}
