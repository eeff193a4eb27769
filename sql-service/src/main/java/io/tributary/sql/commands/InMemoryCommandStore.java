package io.tributary.sql.commands;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/** A command store for one engine in one JVM, numbered from 0: test runners use it instead of PostgreSQL. */
public class InMemoryCommandStore implements CommandStore {

    private final List<LoggedCommand> commands = new ArrayList<>();

    @Override
    public synchronized <T extends Appendable> T append(LongFunction<T> work) {
        long next = commands.size();
        T result = work.apply(next);
        commands.add(result.toLog(next));
        return result;
    }

    @Override
    public synchronized List<LoggedCommand> after(long sequenceNumber) {
        return commands.stream().filter(c -> c.sequenceNumber() > sequenceNumber).toList();
    }
}
