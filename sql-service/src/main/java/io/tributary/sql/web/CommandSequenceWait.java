package io.tributary.sql.web;

import io.tributary.common.errors.ApiException;
import io.tributary.common.errors.ErrorEnvelope;
import io.tributary.sql.engine.CommandExecutor;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A request's {@code commandSequenceNumber}: it runs only once this server has applied that command (another
 * instance may have logged it). When the command does not arrive in time the request is refused as ksqlDB refuses
 * it: 503, error 50301.
 */
@Component
class CommandSequenceWait {

    private final CommandExecutor commands;
    private final Duration timeout;

    CommandSequenceWait(CommandExecutor commands,
            @Value("${ksql.command-sequence-timeout:5s}") Duration timeout) {
        this.commands = commands;
        this.timeout = timeout;
    }

    void awaitApplied(Long sequenceNumber) {
        if (sequenceNumber == null || sequenceNumber <= commands.lastApplied()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            commands.catchUp(true);
            if (sequenceNumber <= commands.lastApplied()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                throw new ApiException(503, new ErrorEnvelope(50301, "Timed out while waiting for a previous command"
                        + " to execute. command sequence number: " + sequenceNumber).with("@type", "generic_error"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
