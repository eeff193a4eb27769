-- The proxy's own schema registry (used when no Schema Registry URL is configured): every distinct schema once,
-- with the id written into records (Confluent wire format), and the versions of each subject (<topic>-key,
-- <topic>-value) pointing at them.
CREATE TABLE registered_schema (
    id          SERIAL      PRIMARY KEY,
    schema_type TEXT        NOT NULL,
    schema_text TEXT        NOT NULL,
    canonical   TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (schema_type, canonical)
);

CREATE TABLE subject_version (
    subject       TEXT        NOT NULL,
    version       INT         NOT NULL,
    schema_id     INT         NOT NULL REFERENCES registered_schema (id),
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, version),
    UNIQUE (subject, schema_id)
);
