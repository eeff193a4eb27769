-- What each command did, so GET /status/{commandId} can answer after a restart, and which persistent query
-- it started (the id is derived from the sequence number, kept here for operators reading the log).
-- The sequence number is assigned by the service (the log starts at 0, as ksqlDB's command topic offsets do).
ALTER TABLE command_log ADD COLUMN status   TEXT NOT NULL DEFAULT 'SUCCESS';
ALTER TABLE command_log ADD COLUMN message  TEXT;
ALTER TABLE command_log ADD COLUMN query_id TEXT;
CREATE INDEX command_log_command_id ON command_log (command_id);
