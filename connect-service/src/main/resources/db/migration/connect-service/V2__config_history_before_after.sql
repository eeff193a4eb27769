-- The configuration before the change (null for a creation); `config` is the configuration after it
-- (null for a deletion). `detail` holds what is not a configuration: offsets written or reset.
ALTER TABLE connector_config_change ADD COLUMN config_before JSONB;
ALTER TABLE connector_config_change ADD COLUMN detail JSONB;
