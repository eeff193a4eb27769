package io.tributary.sql.commands;

/** The format version of the commands this release writes to the command log. */
public final class CommandVersion {

    /**
     * The version every command this release logs carries. Bump it whenever a logged statement would be executed
     * incompatibly by an older release (another Kafka Streams topology, state store, internal topic, key or value
     * layout for the same statement text): an older release then refuses the command and goes DEGRADED instead of
     * running it the old way. Commands logged before versions were recorded are version 1.
     */
    public static final int CURRENT = 1;

    private CommandVersion() {
    }
}
