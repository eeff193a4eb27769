package io.tributary.sql.server;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** ksqlDB's server lifecycle as {@code /healthcheck} reports it. */
@Component
public class ServerState {

    public enum State { INITIALIZING, READY, TERMINATING, TERMINATED }

    private final AtomicReference<State> state = new AtomicReference<>(State.INITIALIZING);

    public State current() {
        return state.get();
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        state.compareAndSet(State.INITIALIZING, State.READY);
    }

    @EventListener(ContextClosedEvent.class)
    void closing() {
        state.set(State.TERMINATING);
    }
}
