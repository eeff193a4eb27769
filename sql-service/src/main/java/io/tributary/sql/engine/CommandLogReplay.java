package io.tributary.sql.engine;

import io.tributary.sql.queries.QueryRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * On start, before the server reports READY: rebuilds the metastore from the command log, then starts every
 * persistent query still running in it. Each resumes from its consumer group's committed offsets.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CommandLogReplay implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CommandLogReplay.class);

    private final CommandExecutor commands;
    private final QueryRegistry queries;

    CommandLogReplay(CommandExecutor commands, QueryRegistry queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Override
    public void run(ApplicationArguments args) {
        commands.catchUp(false);
        queries.startAll();
        log.info("Replayed the command log up to {}; {} persistent queries started", commands.lastApplied(),
                queries.all().size());
    }
}
