-- The format version of each command: which way of executing its statement it was written for. Commands logged
-- before versions were recorded are the first version. A server does not execute a command newer than it knows.
ALTER TABLE command_log ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
