-- Which proxy-service process holds the instance's KafkaConsumer, and what it reads (a subscription to topics or
-- a pattern, or assigned partitions), so an instance can be found, and later taken over, from any replica.
ALTER TABLE consumer_instance ADD COLUMN owner TEXT;
ALTER TABLE consumer_instance ADD COLUMN subscription JSONB;
