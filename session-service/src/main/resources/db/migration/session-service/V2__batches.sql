-- Batches (Kyuubi's POST /batches) and their logs, kept across restarts.
CREATE TABLE batch (
    id              UUID PRIMARY KEY,
    batch_type      TEXT   NOT NULL,
    username        TEXT   NOT NULL,
    name            TEXT,
    resource        TEXT,
    class_name      TEXT,
    conf            JSONB  NOT NULL DEFAULT '{}'::jsonb,
    args            JSONB  NOT NULL DEFAULT '[]'::jsonb,
    state           TEXT   NOT NULL,
    app_id          TEXT,
    app_url         TEXT,
    app_state       TEXT,
    app_diagnostic  TEXT,
    kyuubi_instance TEXT,
    create_time     BIGINT NOT NULL,
    app_start_time  BIGINT NOT NULL DEFAULT 0,
    end_time        BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX batch_by_create_time ON batch (create_time);

CREATE TABLE batch_log (
    batch_id UUID    NOT NULL REFERENCES batch (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    line     TEXT    NOT NULL,
    PRIMARY KEY (batch_id, seq)
);
