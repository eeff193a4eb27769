-- What happened to sessions and operations, kept across restarts (Kyuubi's event history).
CREATE TABLE session_event (
    id          BIGSERIAL PRIMARY KEY,
    session_id  UUID        NOT NULL,
    event_type  TEXT        NOT NULL,
    username    TEXT,
    detail      JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX session_event_by_session ON session_event (session_id, created_at);
