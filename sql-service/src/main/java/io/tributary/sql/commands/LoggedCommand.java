package io.tributary.sql.commands;

import java.util.Map;

/**
 * A statement that changed the metastore, as the command log holds it; {@code version} is the format version of the
 * release that logged it ({@link CommandVersion}).
 */
public record LoggedCommand(long sequenceNumber, String commandId, String statement, Map<String, Object> properties,
        String status, String message, String queryId, int version) {

    /** Whether a server of this release can execute it: it was not written for a newer way of executing it. */
    public boolean executable() {
        return version <= CommandVersion.CURRENT;
    }
}
