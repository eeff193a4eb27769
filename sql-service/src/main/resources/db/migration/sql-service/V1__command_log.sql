-- Every statement that changed the metastore, in the order it was accepted: the commandSequenceNumber.
CREATE TABLE command_log (
    command_sequence_number BIGSERIAL PRIMARY KEY,
    command_id              TEXT        NOT NULL,
    statement               TEXT        NOT NULL,
    streams_properties      JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now()
);
