-- POST /connectors carrying an Idempotency-Key: the first answer, replayed when the same request is repeated.
CREATE TABLE connector_create_request (
    idempotency_key TEXT        PRIMARY KEY,
    request_hash    TEXT        NOT NULL,
    connector       TEXT        NOT NULL,
    response        JSONB       NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
