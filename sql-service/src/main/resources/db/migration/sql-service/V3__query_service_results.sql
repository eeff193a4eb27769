-- /query/service requests in deferred and async mode: their status and results, so a handle answers after a
-- restart and on any instance until it expires. JSON is kept as text: the field order of results is the answer.
CREATE TABLE query_service_result (
    handle            TEXT PRIMARY KEY,
    request_id        TEXT        NOT NULL,
    client_context_id TEXT,
    status            TEXT        NOT NULL,
    results           TEXT,
    metrics           TEXT,
    errors            TEXT,
    reads_left        INTEGER     NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at        TIMESTAMPTZ NOT NULL,
    -- a running request's instance touches it every few seconds; a stale one means that instance is gone
    heartbeat_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- DELETE /admin/requests/running on another instance asks the running one to stop
    cancel_requested  BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX query_service_result_expires_at ON query_service_result (expires_at);
CREATE INDEX query_service_result_running ON query_service_result (client_context_id) WHERE status = 'running';
