package io.tributary.sql.engine;

import io.tributary.sql.entity.KsqlEntity;
import java.util.List;

/**
 * Statement k of a request failed: its text, why, and the entities of statements 1..k-1, which ran and stay run
 * (ksqlDB does not roll them back).
 */
public class RequestFailure extends RuntimeException {

    private final int errorCode;
    private final String statementText;
    private final List<KsqlEntity> entities;

    public RequestFailure(int errorCode, String message, String statementText, List<KsqlEntity> entities) {
        super(message);
        this.errorCode = errorCode;
        this.statementText = statementText;
        this.entities = List.copyOf(entities);
    }

    public int errorCode() {
        return errorCode;
    }

    public String statementText() {
        return statementText;
    }

    public List<KsqlEntity> entities() {
        return entities;
    }
}
