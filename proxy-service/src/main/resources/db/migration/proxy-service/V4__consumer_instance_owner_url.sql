-- Where the owning process answers (so other replicas can forward requests to it; NULL once it has stopped and
-- let the instance go), and the instance's own consumer.request.timeout.ms, so a replica taking it over has its
-- whole definition.
ALTER TABLE consumer_instance ADD COLUMN owner_url TEXT;
ALTER TABLE consumer_instance ADD COLUMN request_timeout_ms BIGINT;
