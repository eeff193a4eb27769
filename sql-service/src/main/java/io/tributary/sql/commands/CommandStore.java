package io.tributary.sql.commands;

import java.util.List;
import java.util.function.LongFunction;

/** Where accepted commands are kept in order: PostgreSQL on a server ({@link CommandLog}), memory in test runners. */
public interface CommandStore {

    /**
     * Runs {@code work} with the next sequence number, no other command being appended meanwhile, and appends
     * what it returns. When {@code work} throws, nothing is appended.
     */
    <T extends Appendable> T append(LongFunction<T> work);

    /** Every command after {@code sequenceNumber}, in order. */
    List<LoggedCommand> after(long sequenceNumber);

    /** What a piece of work under the lock wants appended. */
    interface Appendable {
        LoggedCommand toLog(long sequenceNumber);
    }
}
