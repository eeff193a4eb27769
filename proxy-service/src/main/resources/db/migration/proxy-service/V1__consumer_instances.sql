-- Consumer instances created through the API, so any replica can find and serve them.
CREATE TABLE consumer_instance (
    group_name    TEXT        NOT NULL,
    instance_id   TEXT        NOT NULL,
    format        TEXT        NOT NULL,
    config        JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_name, instance_id)
);
