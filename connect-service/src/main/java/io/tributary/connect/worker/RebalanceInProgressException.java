package io.tributary.connect.worker;

/** A rebalance of the worker group did not finish within the configured wait. */
public class RebalanceInProgressException extends RuntimeException {

    public RebalanceInProgressException(String message) {
        super(message);
    }
}
