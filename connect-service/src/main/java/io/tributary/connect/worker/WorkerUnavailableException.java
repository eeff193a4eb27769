package io.tributary.connect.worker;

/** The worker has not joined its group yet (start-up) or is shutting down: the request may be retried. */
public class WorkerUnavailableException extends RuntimeException {

    public WorkerUnavailableException(String message) {
        super(message);
    }
}
