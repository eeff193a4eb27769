package io.tributary.session.batches;

/** Kyuubi's batch states: its operation states without the suffix. */
public enum BatchState {
    PENDING,
    RUNNING,
    FINISHED,
    ERROR,
    CANCELED;

    public boolean isTerminal() {
        return this == FINISHED || this == ERROR || this == CANCELED;
    }
}
