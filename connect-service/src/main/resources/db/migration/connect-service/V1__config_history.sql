-- Every change to a connector's configuration: who, when, what.
CREATE TABLE connector_config_change (
    id          BIGSERIAL PRIMARY KEY,
    connector   TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    config      JSONB,
    changed_by  TEXT,
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX connector_config_change_by_connector ON connector_config_change (connector, changed_at);
