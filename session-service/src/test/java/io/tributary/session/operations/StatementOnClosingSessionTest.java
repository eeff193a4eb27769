package io.tributary.session.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.session.errors.KyuubiException;
import io.tributary.session.sessions.EngineSession;
import io.tributary.session.sessions.SessionManager;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class StatementOnClosingSessionTest extends SessionServiceIntegrationTest {

    @Autowired
    OperationManager operations;

    @Autowired
    SessionManager sessions;

    @Test
    void aStatementRegisteredJustBeforeItsSessionClosedIsDroppedAndLeavesNoQueueBehind() {
        String handle = openSession();
        EngineSession session = sessions.get(handle);
        Operation operation = new Operation(session, OperationType.EXECUTE_STATEMENT, "SELECT 1", true,
                ResultSource.statement("SELECT 1", 100, 0), true, changed -> { });
        AtomicBoolean ran = new AtomicBoolean();
        FutureTask<Void> task = new FutureTask<>(() -> ran.set(true), null);
        operation.task(task);

        // the close runs entirely between the statement's registration and its queueing
        operations.closeSession(handle);

        assertThatThrownBy(() -> operations.enqueue(session, operation, task)).isInstanceOf(KyuubiException.class)
                .hasMessageContaining("Invalid SessionHandle");
        assertThat(operations.hasQueue(session.id())).isFalse();
        assertThat(task.isCancelled()).isTrue();
        assertThat(ran).isFalse();
        assertThat(operation.state()).isEqualTo(OperationState.CLOSED_STATE);
    }
}
