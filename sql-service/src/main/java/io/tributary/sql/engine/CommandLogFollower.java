package io.tributary.sql.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies the commands other instances sharing this service id append to the log, so every instance has the same
 * metastore and runs (its share of) the same queries. Starts following once the start-up replay is done.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class CommandLogFollower implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CommandLogFollower.class);

    private final CommandExecutor commands;
    private final AtomicBoolean replayed = new AtomicBoolean();

    CommandLogFollower(CommandExecutor commands) {
        this.commands = commands;
    }

    @Override
    public void run(ApplicationArguments args) {
        replayed.set(true);
    }

    @Scheduled(fixedDelayString = "${ksql.command-log.poll-interval:2s}")
    void follow() {
        if (!replayed.get()) {
            return;
        }
        try {
            commands.catchUp(true);
        } catch (RuntimeException e) {
            log.warn("Could not read the command log: {}", e.getMessage());
        }
    }
}
