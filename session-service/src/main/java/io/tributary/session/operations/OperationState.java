package io.tributary.session.operations;

/** Kyuubi's operation states, with the suffix its REST API shows. */
public enum OperationState {
    INITIALIZED_STATE,
    PENDING_STATE,
    RUNNING_STATE,
    COMPILED_STATE,
    FINISHED_STATE,
    TIMEDOUT_STATE,
    CANCELED_STATE,
    CLOSED_STATE,
    ERROR_STATE,
    UKNOWN_STATE;

    /** No further work happens in a terminal state; a finished operation may still be read. */
    public boolean isTerminal() {
        return switch (this) {
            case FINISHED_STATE, TIMEDOUT_STATE, CANCELED_STATE, CLOSED_STATE, ERROR_STATE -> true;
            default -> false;
        };
    }
}
