-- JAVA batches run as child processes: their pid (to re-attach after a restart), working directory and log file.
ALTER TABLE batch ADD COLUMN pid BIGINT;
ALTER TABLE batch ADD COLUMN work_dir TEXT;
