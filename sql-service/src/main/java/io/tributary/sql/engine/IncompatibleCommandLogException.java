package io.tributary.sql.engine;

/**
 * A statement that would be logged was refused: the command log holds a command written by a newer release, which
 * this server does not execute (DEGRADED). The message is ksqlDB's when its command runner is degraded so.
 */
public class IncompatibleCommandLogException extends RuntimeException {

    /** What ksqlDB adds as a warning to every answer while degraded, and to the refusal of a new statement. */
    public static final String WARNING = "The server has encountered an incompatible entry in its log and cannot"
            + " process further DDL statements.\nThis is most likely due to the service being rolled back to an"
            + " earlier version.";

    public IncompatibleCommandLogException() {
        super("Failed to handle Ksql Statement.\n" + WARNING);
    }
}
