package io.tributary.connect.web;

import io.tributary.common.errors.ErrorCodeScheme;
import io.tributary.common.kafka.KafkaUnavailableException;
import io.tributary.common.web.EnvelopeExceptionHandler;
import io.tributary.connect.connectors.IdempotencyKeyReusedException;
import io.tributary.connect.worker.HerderTimeoutException;
import io.tributary.connect.worker.RebalanceInProgressException;
import io.tributary.connect.worker.WorkerUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.apache.kafka.connect.runtime.distributed.RequestTargetException;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * connect-service's one error mapper: Connect answers {@code {error_code: <HTTP status>, message}}, with the
 * status Connect's own {@code ConnectExceptionMapper} gives each of the runtime's exceptions.
 */
@RestControllerAdvice
class ConnectErrorHandler extends EnvelopeExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ConnectErrorHandler.class);

    private final LeaderForwarding leader;

    ConnectErrorHandler(LeaderForwarding leader) {
        super(ErrorCodeScheme.HTTP_STATUS);
        this.leader = leader;
    }

    @ExceptionHandler(RequestTargetException.class)
    ResponseEntity<Object> notTheLeader(RequestTargetException ex, HttpServletRequest request) {
        if (ex.forwardUrl() == null) {
            return error(409, "Cannot complete request momentarily due to no known leader URL, "
                    + "likely because a rebalance was underway.");
        }
        return leader.forward(ex, request);
    }

    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<Object> kafkaUnavailable(KafkaUnavailableException ex) {
        return error(503, ex.getMessage());
    }

    @ExceptionHandler(ConnectRestException.class)
    ResponseEntity<Object> connectRest(ConnectRestException ex) {
        return error(ex.statusCode(), ex.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException ex) {
        return error(404, ex.getMessage());
    }

    @ExceptionHandler(AlreadyExistsException.class)
    ResponseEntity<Object> alreadyExists(AlreadyExistsException ex) {
        return error(409, ex.getMessage());
    }

    @ExceptionHandler(RebalanceInProgressException.class)
    ResponseEntity<Object> conflict(RuntimeException ex) {
        return error(409, ex.getMessage());
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<Object> idempotencyKeyReused(IdempotencyKeyReusedException ex) {
        return error(422, ex.getMessage());
    }

    @ExceptionHandler(WorkerUnavailableException.class)
    ResponseEntity<Object> unavailable(WorkerUnavailableException ex) {
        return error(503, ex.getMessage());
    }

    @ExceptionHandler(HerderTimeoutException.class)
    ResponseEntity<Object> timeout(HerderTimeoutException ex) {
        return error(500, ex.getMessage());
    }

    // What Connect itself answers 500 to: a failure inside the runtime, reported by its message
    @ExceptionHandler(ConnectException.class)
    ResponseEntity<Object> runtimeFailure(ConnectException ex) {
        log.error("Connect runtime failure", ex);
        return error(500, ex.getMessage());
    }

    private ResponseEntity<Object> error(int status, String message) {
        return envelope(status, codes().envelope(status, message));
    }
}
