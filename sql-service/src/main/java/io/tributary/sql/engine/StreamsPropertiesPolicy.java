package io.tributary.sql.engine;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Which query-level properties a client may set ({@code streamsProperties}, {@code properties} of
 * {@code /query-stream}, {@code SET}): ksqlDB's own {@code ksql.*} settings and the Kafka Streams, consumer and
 * producer tuning properties ksqlDB documents, bare or prefixed with {@code ksql.streams.}, {@code consumer.} or
 * {@code producer.}. Anything that would point a query at other infrastructure or load code (bootstrap servers,
 * state directory, ids, interceptors and other classes, security settings) is refused as ksqlDB refuses it, and so is
 * any property no client of Kafka knows.
 */
public final class StreamsPropertiesPolicy {

    private static final Set<String> TUNABLE = Set.of(
            // Kafka Streams
            "auto.offset.reset", "cache.max.bytes.buffering", "statestore.cache.max.bytes", "commit.interval.ms",
            "num.stream.threads", "processing.guarantee", "buffered.records.per.partition", "max.task.idle.ms",
            "task.timeout.ms", "topology.optimization", "replication.factor", "num.standby.replicas",
            "poll.ms", "window.size.ms", "windowstore.changelog.additional.retention.ms", "acceptable.recovery.lag",
            "max.warmup.replicas", "probing.rebalance.interval.ms", "upgrade.from", "built.in.metrics.version",
            "metrics.recording.level", "metrics.num.samples", "metrics.sample.window.ms",
            // consumer
            "max.poll.records", "max.poll.interval.ms", "fetch.min.bytes", "fetch.max.bytes", "fetch.max.wait.ms",
            "max.partition.fetch.bytes", "session.timeout.ms", "heartbeat.interval.ms", "isolation.level",
            "request.timeout.ms", "default.api.timeout.ms", "receive.buffer.bytes", "send.buffer.bytes",
            "reconnect.backoff.ms", "reconnect.backoff.max.ms", "retry.backoff.ms", "metadata.max.age.ms",
            "connections.max.idle.ms", "auto.commit.interval.ms", "check.crcs",
            // producer
            "acks", "linger.ms", "batch.size", "buffer.memory", "compression.type", "retries", "delivery.timeout.ms",
            "max.request.size", "max.block.ms", "max.in.flight.requests.per.connection", "enable.idempotence");

    private static final Set<String> REFUSED = Set.of("bootstrap.servers", "state.dir", "application.id",
            "client.id", "group.id", "application.server", "ksql.service.id", "ksql.extension.dir",
            "ksql.schema.registry.url", "ksql.connect.url", "ksql.streams.state.dir",
            "ksql.query.persistent.active.limit", "ksql.internal.topic.replicas");

    /** Every property Kafka Streams and its clients know: a known one outside the allowlist is refused, not unknown. */
    private static final Set<String> KAFKA_CONFIGS = kafkaConfigs();

    private static Set<String> kafkaConfigs() {
        Set<String> names = new java.util.HashSet<>(org.apache.kafka.streams.StreamsConfig.configDef().names());
        names.addAll(org.apache.kafka.clients.consumer.ConsumerConfig.configNames());
        names.addAll(org.apache.kafka.clients.producer.ProducerConfig.configNames());
        names.addAll(org.apache.kafka.clients.admin.AdminClientConfig.configNames());
        return Set.copyOf(names);
    }

    /** Upper bounds (and num.stream.threads' lower one) of values that would cost the server threads or memory. */
    private static final long MAX_BYTES = 256L * 1024 * 1024;
    private static final Map<String, long[]> RANGES = Map.of("num.stream.threads", new long[] {1, 8},
            "buffer.memory", new long[] {Long.MIN_VALUE, MAX_BYTES},
            "fetch.max.bytes", new long[] {Long.MIN_VALUE, MAX_BYTES},
            "max.partition.fetch.bytes", new long[] {Long.MIN_VALUE, MAX_BYTES},
            "receive.buffer.bytes", new long[] {Long.MIN_VALUE, MAX_BYTES},
            "send.buffer.bytes", new long[] {Long.MIN_VALUE, MAX_BYTES},
            "batch.size", new long[] {Long.MIN_VALUE, MAX_BYTES},
            "max.request.size", new long[] {Long.MIN_VALUE, MAX_BYTES});

    private static final Map<String, ConfigDef.ConfigKey> STREAMS_KEYS = StreamsConfig.configDef().configKeys();
    private static final Map<String, ConfigDef.ConfigKey> CONSUMER_KEYS = ConsumerConfig.configDef().configKeys();
    private static final Map<String, ConfigDef.ConfigKey> PRODUCER_KEYS = ProducerConfig.configDef().configKeys();

    private StreamsPropertiesPolicy() {
    }

    /**
     * Throws a statement error for the first property a client may not set, or whose value Kafka would refuse or
     * the server cannot afford: found before any Kafka Streams app is built from them.
     */
    public static void check(Map<String, ?> properties) {
        properties.forEach(StreamsPropertiesPolicy::check);
    }

    private static void check(String name, Object value) {
        String base = checkName(name);
        if (value instanceof Map || value instanceof java.util.List) {
            throw new KsqlStatementException("Invalid value for property " + name + ": a string, number or"
                    + " boolean is expected");
        }
        if (base == null) {
            return;
        }
        if (value == null) {
            throw new KsqlStatementException("Invalid value null for configuration " + name);
        }
        String key = base;
        Map<String, ConfigDef.ConfigKey> defs = STREAMS_KEYS;
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("consumer.")) {
            defs = CONSUMER_KEYS;
        } else if (lower.contains("producer.")) {
            defs = PRODUCER_KEYS;
        } else if (!STREAMS_KEYS.containsKey(key)) {
            defs = CONSUMER_KEYS.containsKey(key) ? CONSUMER_KEYS : PRODUCER_KEYS;
        }
        if (key.equals("auto.offset.reset") && !Set.of("latest", "earliest", "none")
                .contains(String.valueOf(value).toLowerCase(Locale.ROOT))) {
            throw new KsqlStatementException("Invalid value " + value + " for configuration auto.offset.reset:"
                    + " String must be one of: latest, earliest, none");
        }
        ConfigDef.ConfigKey def = defs.get(key);
        if (def == null) {
            return;
        }
        Object parsed;
        try {
            parsed = ConfigDef.parseType(key, value instanceof String ? value : String.valueOf(value), def.type);
            if (def.validator != null) {
                def.validator.ensureValid(key, parsed);
            }
        } catch (ConfigException e) {
            throw new KsqlStatementException(e.getMessage());
        }
        long[] range = RANGES.get(key);
        if (range != null && parsed instanceof Number number
                && (number.longValue() < range[0] || number.longValue() > range[1])) {
            throw new KsqlStatementException("Invalid value " + value + " for configuration " + name + ": must be "
                    + (range[0] == Long.MIN_VALUE ? "at most " + range[1] : "between " + range[0] + " and "
                    + range[1]));
        }
    }

    /** The Kafka property a client's name sets (without its prefixes); null for ksqlDB and topic settings. */
    private static String checkName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (REFUSED.contains(lower) || lower.contains("sasl.") || lower.contains("ssl.")
                || lower.contains("security.") || lower.contains("interceptor") || lower.endsWith(".class")
                || lower.endsWith(".classes") || lower.contains("password") || lower.contains("jaas")) {
            throw new KsqlStatementException("Cannot override property '" + name + "'");
        }
        if (lower.startsWith("ksql.") && !lower.startsWith("ksql.streams.")) {
            return null;
        }
        String base = lower.startsWith("ksql.streams.") ? lower.substring("ksql.streams.".length()) : lower;
        for (String prefix : new String[] {"main.consumer.", "restore.consumer.", "global.consumer.", "consumer.",
                "producer.", "topic."}) {
            if (base.startsWith(prefix)) {
                base = base.substring(prefix.length());
                if (prefix.equals("topic.")) {
                    return null;
                }
                break;
            }
        }
        if (REFUSED.contains(base)) {
            throw new KsqlStatementException("Cannot override property '" + name + "'");
        }
        if (!TUNABLE.contains(base)) {
            if (KAFKA_CONFIGS.contains(base)) {
                throw new KsqlStatementException("Cannot override property '" + name + "'");
            }
            throw new KsqlStatementException("Not recognizable as ksql, streams, consumer, or producer property: '"
                    + name + "'");
        }
        return base;
    }
}
