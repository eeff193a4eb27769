package io.tributary.sql.conformance;

import io.tributary.sql.commands.InMemoryCommandStore;
import io.tributary.sql.engine.CommandExecutor;
import io.tributary.sql.engine.KafkaTopics;
import io.tributary.sql.engine.KsqlEngine;
import io.tributary.sql.engine.RequestFailure;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.queries.PersistentQuery;
import io.tributary.sql.queries.QueryRegistry;
import io.tributary.sql.queries.QueryRuntimeProperties;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs ksqlDB's QTT cases (query-validation-tests) through our engine: each case's statements on a fresh in-memory
 * engine, its inputs through each persistent query's real topology on Kafka Streams' {@link TopologyTestDriver}
 * (queries in the order they were created, each fed every input on the topics it reads, in the cases' order, and
 * seeing what the earlier queries wrote), then the records on the expected topics compared with {@code outputs}:
 * key, value, timestamp and window (windowed keys are the key bytes followed by the window start, or end and start
 * for sessions). Then the {@code post} conditions: each source's type, schema and key format, and no topic matching
 * the blacklist among the topologies' internal topics. The case files are read from a directory given at run time
 * and never copied into the repository.
 */
public final class QttRunner {

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** One case's outcome. */
    public record Result(String name, boolean passed, String detail) {
        @Override
        public String toString() {
            return (passed ? "PASS " : "FAIL ") + name + (passed ? "" : ": " + detail);
        }
    }

    private record Rec(byte[] key, byte[] value, long timestamp) {
    }

    /** Runs the core cases of the given areas; prints one line per case and the totals. */
    public List<Result> runCore(Path conformanceDir, Set<String> areas) throws Exception {
        Map<String, Object> selection = JSON.readValue(conformanceDir.resolve("core_selection.json").toFile(),
                Map.class);
        Map<String, List<Map<String, Object>>> files = new HashMap<>();
        List<Result> results = new ArrayList<>();
        Map<String, int[]> byArea = new java.util.TreeMap<>();
        for (Object entry : (List<?>) selection.get("qtt")) {
            List<?> row = (List<?>) entry;
            String file = (String) row.get(0);
            String name = (String) row.get(1);
            String format = (String) row.get(2);
            if (!areas.contains((String) row.get(3))) {
                continue;
            }
            List<Map<String, Object>> cases = files.computeIfAbsent(file, f -> load(conformanceDir.resolve("qtt")
                    .resolve(f)));
            String label = file.replace(".json", "") + " - " + name + (format.isEmpty() ? "" : " - " + format);
            Optional<Map<String, Object>> testCase = cases.stream().filter(c -> name.equals(c.get("name")))
                    .findFirst();
            Result result = testCase.isEmpty() ? new Result(label, false, "case not found")
                    : runCase(label, testCase.get(), format);
            results.add(result);
            int[] counts = byArea.computeIfAbsent((String) row.get(3), a -> new int[2]);
            counts[0] += result.passed() ? 1 : 0;
            counts[1]++;
            System.out.println(result);
        }
        byArea.forEach((area, counts) -> System.out.println("area " + area + ": " + counts[0] + "/" + counts[1]));
        long passed = results.stream().filter(Result::passed).count();
        System.out.println(passed + " passed, " + (results.size() - passed) + " failed");
        return results;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(Path file) {
        try {
            Map<String, Object> content = JSON.readValue(Files.readString(file), Map.class);
            return (List<Map<String, Object>>) content.get("tests");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    Result runCase(String label, Map<String, Object> testCase, String format) {
        List<String> statements = ((List<String>) testCase.get("statements")).stream()
                .map(s -> s.replace("{FORMAT}", format)).toList();
        Map<String, Object> expectedException = (Map<String, Object>) testCase.get("expectedException");
        Map<String, Object> properties = (Map<String, Object>) testCase.getOrDefault("properties", Map.of());

        MetaStore metaStore = new MetaStore();
        QueryRegistry queries = new QueryRegistry("localhost:1", "some.ksql.service.id",
                new QueryRuntimeProperties("target/qtt", Duration.ofMillis(100), 0, "earliest")) {
            @Override
            protected KafkaStreams newStreams(String queryId, Topology topology, Properties config) {
                return null;
            }
        };
        KafkaTopics topics = new TopicsInMemory();
        CommandExecutor commands = new CommandExecutor(metaStore, queries, new InMemoryCommandStore(), topics);
        KsqlEngine engine = new KsqlEngine(metaStore, queries, commands, topics, null, Map.of());
        try {
            engine.execute(String.join("\n", statements), properties, Map.of());
        } catch (RequestFailure e) {
            if (expectedException == null) {
                return new Result(label, false, "statement failed: " + e.getMessage());
            }
            String message = (String) expectedException.get("message");
            return message == null || e.getMessage().contains(message) ? new Result(label, true, "")
                    : new Result(label, false, "expected error containing '" + message + "', got: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Result(label, false, "engine error: " + e);
        }
        if (expectedException != null) {
            return new Result(label, false, "expected an error: " + expectedException.get("message"));
        }
        try {
            Result compared = compare(label, testCase, metaStore, produce(testCase, metaStore, queries));
            return compared.passed() ? post(label, testCase, metaStore, queries) : compared;
        } catch (RuntimeException e) {
            return new Result(label, false, "run error: " + e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<Rec>> produce(Map<String, Object> testCase, MetaStore metaStore, QueryRegistry queries) {
        List<Map.Entry<String, Rec>> inputs = new ArrayList<>();
        for (Map<String, Object> input : (List<Map<String, Object>>) testCase.getOrDefault("inputs", List.of())) {
            String topic = (String) input.get("topic");
            Optional<DataSource> source = metaStore.all().stream().filter(s -> s.topic().equals(topic)).findFirst();
            byte[] key = serializeKey(input.get("key"), source);
            if (source.isPresent() && source.get().windowed() && input.get("window") instanceof Map<?, ?> w) {
                key = windowed(key, w, source.get().window().get().session());
            }
            inputs.add(Map.entry(topic, new Rec(key, serializeValue(input.get("value"), source),
                    input.get("timestamp") == null ? 0L : ((Number) input.get("timestamp")).longValue())));
        }
        Map<String, List<Rec>> produced = new LinkedHashMap<>();
        for (PersistentQuery query : queries.all()) {
            Set<String> sourceTopics = new java.util.LinkedHashSet<>();
            for (String name : query.sourceNames()) {
                sourceTopics.add(metaStore.source(name).map(DataSource::topic).orElseThrow());
            }
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, query.applicationId());
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
            config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
            config.put(StreamsConfig.STATE_DIR_CONFIG, "target/qtt-state/" + java.util.UUID.randomUUID());
            try (TopologyTestDriver driver = new TopologyTestDriver(query.topology(), config, Instant.EPOCH)) {
                Map<String, org.apache.kafka.streams.TestInputTopic<byte[], byte[]>> in = new HashMap<>();
                for (String topic : sourceTopics) {
                    in.put(topic, driver.createInputTopic(topic, new ByteArraySerializer(),
                            new ByteArraySerializer()));
                }
                var out = driver.createOutputTopic(query.sinkTopic(), new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                List<Rec> written = new ArrayList<>();
                for (Map.Entry<String, Rec> entry : List.copyOf(inputs)) {
                    if (!in.containsKey(entry.getKey())) {
                        continue;
                    }
                    Rec rec = entry.getValue();
                    in.get(entry.getKey()).pipeInput(new TestRecord<>(rec.key(), rec.value(), null, rec.timestamp()));
                    for (TestRecord<byte[], byte[]> record : out.readRecordsToList()) {
                        written.add(new Rec(record.key(), record.value(), record.timestamp()));
                    }
                }
                for (Rec rec : written) {
                    inputs.add(Map.entry(query.sinkTopic(), rec));
                    produced.computeIfAbsent(query.sinkTopic(), t -> new ArrayList<>()).add(rec);
                }
            }
        }
        return produced;
    }

    private static byte[] windowed(byte[] key, Map<?, ?> window, boolean session) {
        byte[] base = key == null ? new byte[0] : key;
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(base.length + (session ? 16 : 8));
        buffer.put(base);
        if (session) {
            buffer.putLong(((Number) window.get("end")).longValue());
        }
        buffer.putLong(((Number) window.get("start")).longValue());
        return buffer.array();
    }

    private static byte[] serializeKey(Object key, Optional<DataSource> source) {
        if (key == null) {
            return null;
        }
        if (source.isEmpty() || source.get().keyColumns().isEmpty()) {
            return SqlValues.toText(key).getBytes(StandardCharsets.UTF_8);
        }
        List<Column> keys = source.get().keyColumns();
        Map<String, Object> row = new HashMap<>();
        if (keys.size() > 1 && key instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (keys.size() == 1) {
            row.put(keys.get(0).name(), SqlValues.coerce(key, keys.get(0).type()));
        } else if (key instanceof Map<?, ?> map) {
            for (Column column : keys) {
                row.put(column.name(), SqlValues.coerce(SqlValues.caseInsensitiveGet(map, column.name()),
                        column.type()));
            }
        }
        return RowCodec.of(source.get()).writeKey(row);
    }

    private static byte[] serializeValue(Object value, Optional<DataSource> source) {
        if (value == null) {
            return null;
        }
        String format = source.map(s -> s.formats().valueFormat()).orElse("JSON");
        if (format.equals("KAFKA")) {
            Column column = source.get().valueColumns().get(0);
            return RowCodec.of(source.get()).writeValue(Map.of(column.name(), SqlValues.coerce(value, column.type())));
        }
        if (value instanceof String text && !format.equals("JSON")) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return JSON.writeValueAsBytes(value);
    }

    @SuppressWarnings("unchecked")
    private Result compare(String label, Map<String, Object> testCase, MetaStore metaStore,
            Map<String, List<Rec>> produced) {
        Map<String, List<Map<String, Object>>> expected = new LinkedHashMap<>();
        for (Map<String, Object> output : (List<Map<String, Object>>) testCase.getOrDefault("outputs", List.of())) {
            expected.computeIfAbsent((String) output.get("topic"), t -> new ArrayList<>()).add(output);
        }
        for (Map.Entry<String, List<Map<String, Object>>> topic : expected.entrySet()) {
            List<Rec> actual = produced.getOrDefault(topic.getKey(), List.of());
            if (actual.size() != topic.getValue().size()) {
                return new Result(label, false, "topic " + topic.getKey() + ": expected " + topic.getValue().size()
                        + " records, got " + actual.size() + " " + describe(actual));
            }
            Optional<DataSource> sink = metaStore.all().stream().filter(s -> s.topic().equals(topic.getKey()))
                    .findFirst();
            for (int i = 0; i < actual.size(); i++) {
                Map<String, Object> want = topic.getValue().get(i);
                Rec got = actual.get(i);
                byte[] keyBytes = got.key();
                if (sink.isPresent() && sink.get().windowed() && keyBytes != null) {
                    boolean session = sink.get().window().get().session();
                    int suffix = session ? 16 : 8;
                    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(keyBytes, keyBytes.length - suffix, suffix);
                    long end = session ? buffer.getLong() : -1;
                    long start = buffer.getLong();
                    if (!session) {
                        end = start + sink.get().window().get().size().map(java.time.Duration::toMillis).orElse(0L);
                    }
                    keyBytes = java.util.Arrays.copyOf(keyBytes, keyBytes.length - suffix);
                    if (want.get("window") instanceof Map<?, ?> w && (((Number) w.get("start")).longValue() != start
                            || ((Number) w.get("end")).longValue() != end)) {
                        return new Result(label, false, "record " + i + " on " + topic.getKey() + ": window "
                                + start + "-" + end + ", expected " + w);
                    }
                }
                Object key = decodeKey(keyBytes, sink);
                if (!same(want.get("key"), key)) {
                    return new Result(label, false, "record " + i + " on " + topic.getKey() + ": key " + key
                            + ", expected " + want.get("key"));
                }
                Object value = decodeValue(got.value(), sink);
                if (!same(want.get("value"), value)) {
                    return new Result(label, false, "record " + i + " on " + topic.getKey() + ": value " + value
                            + ", expected " + want.get("value"));
                }
                if (want.get("timestamp") != null && ((Number) want.get("timestamp")).longValue() != got.timestamp()) {
                    return new Result(label, false, "record " + i + " on " + topic.getKey() + ": timestamp "
                            + got.timestamp() + ", expected " + want.get("timestamp"));
                }
            }
        }
        return new Result(label, true, "");
    }

    /** The case's {@code post} conditions: each source's type, schema and key format; no blacklisted topic. */
    @SuppressWarnings("unchecked")
    private Result post(String label, Map<String, Object> testCase, MetaStore metaStore, QueryRegistry queries) {
        Map<String, Object> post = (Map<String, Object>) testCase.get("post");
        if (post == null) {
            return new Result(label, true, "");
        }
        for (Map<String, Object> expected : (List<Map<String, Object>>) post.getOrDefault("sources", List.of())) {
            String name = (String) expected.get("name");
            Optional<DataSource> source = metaStore.source(name);
            if (source.isEmpty()) {
                return new Result(label, false, "post: no source " + name);
            }
            if (expected.get("type") instanceof String type && !type.equalsIgnoreCase(source.get().type().name())) {
                return new Result(label, false, "post: " + name + " is a " + source.get().type() + ", expected "
                        + type);
            }
            if (expected.get("schema") instanceof String schema
                    && !normalize(schema).equals(normalize(source.get().schemaString()))) {
                return new Result(label, false, "post: " + name + " schema " + source.get().schemaString()
                        + ", expected " + schema);
            }
            if (expected.get("keyFormat") instanceof Map<?, ?> keyFormat && keyFormat.get("format") instanceof String f
                    && !f.equalsIgnoreCase(source.get().formats().keyFormat())) {
                return new Result(label, false, "post: " + name + " key format " + source.get().formats().keyFormat()
                        + ", expected " + f);
            }
        }
        Map<String, Object> topics = (Map<String, Object>) post.get("topics");
        if (topics != null && topics.get("blacklist") instanceof String blacklist) {
            java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(blacklist);
            for (PersistentQuery query : queries.all()) {
                String description = query.topology().describe().toString();
                java.util.regex.Matcher topicsOf = java.util.regex.Pattern.compile("topics?: \\[?([^\\])\\n]+)")
                        .matcher(description);
                while (topicsOf.find()) {
                    for (String topic : topicsOf.group(1).split(",\\s*")) {
                        String internal = topic.trim();
                        if (!internal.isEmpty() && pattern.matcher(query.applicationId() + "-" + internal).matches()) {
                            return new Result(label, false, "post: blacklisted topic " + internal);
                        }
                    }
                }
            }
        }
        return new Result(label, true, "");
    }

    private static String normalize(String schema) {
        return schema.replace("`", "").replace("PRIMARY KEY", "KEY").replaceAll("\\bINTEGER\\b", "INT").replaceAll("\\s+", " ").trim()
                .toUpperCase(java.util.Locale.ROOT);
    }

    private static String describe(List<Rec> records) {
        return records.stream().map(r -> (r.key() == null ? "null" : new String(r.key(), StandardCharsets.UTF_8))
                + "=" + (r.value() == null ? "null" : new String(r.value(), StandardCharsets.UTF_8))).toList().toString();
    }

    private static Object decodeKey(byte[] key, Optional<DataSource> sink) {
        if (key == null) {
            return null;
        }
        if (sink.isEmpty() || sink.get().keyColumns().isEmpty()) {
            return new String(key, StandardCharsets.UTF_8);
        }
        if (sink.get().keyColumns().size() > 1 && sink.get().formats().keyFormat().equals("DELIMITED")) {
            return new String(key, StandardCharsets.UTF_8);
        }
        Map<String, Object> row = RowCodec.of(sink.get()).readKey(key);
        return row.size() == 1 ? SqlValues.toJson(row.values().iterator().next()) : SqlValues.toJson(row);
    }

    private static Object decodeValue(byte[] value, Optional<DataSource> sink) {
        if (value == null) {
            return null;
        }
        String format = sink.map(s -> s.formats().valueFormat()).orElse("JSON");
        if (format.equals("KAFKA")) {
            return SqlValues.toJson(RowCodec.of(sink.get()).readValue(value).values().iterator().next());
        }
        if (format.equals("DELIMITED")) {
            return new String(value, StandardCharsets.UTF_8);
        }
        return JSON.readValue(value, Object.class);
    }

    /** Equality of JSON-like values, numbers compared by value (1 equals 1.0). */
    static boolean same(Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Number a && actual instanceof Number b) {
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
        }
        if (expected instanceof Map<?, ?> a && actual instanceof Map<?, ?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            // JSON field names are matched case-insensitively, as ksqlDB reads them
            for (Map.Entry<?, ?> entry : a.entrySet()) {
                Object key = b.containsKey(entry.getKey()) ? entry.getKey() : b.keySet().stream()
                        .filter(k -> String.valueOf(k).equalsIgnoreCase(String.valueOf(entry.getKey())))
                        .findFirst().orElse(null);
                if (key == null || !same(entry.getValue(), b.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof List<?> a && actual instanceof List<?> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (expected instanceof String s && !(actual instanceof String)) {
            return s.equals(SqlValues.toText(actual));
        }
        return expected.equals(actual);
    }

    /** Every topic exists with one partition; created and deleted topics change nothing. */
    private static final class TopicsInMemory extends KafkaTopics {
        private static final Node NODE = new Node(0, "localhost", 1);

        TopicsInMemory() {
            super(null);
        }

        @Override
        public Optional<TopicDescription> describe(String topic) {
            return Optional.of(new TopicDescription(topic, false,
                    List.of(new TopicPartitionInfo(0, NODE, List.of(NODE), List.of(NODE)))));
        }

        @Override
        public void create(String topic, int partitions, Optional<Short> replicas) {
        }

        @Override
        public void delete(String topic) {
        }

        @Override
        public Map<String, TopicDescription> all(boolean internal) {
            return Map.of();
        }
    }

    /** Runs every case of the given files (each format variant), not only the core selection. */
    @SuppressWarnings("unchecked")
    public List<Result> runFiles(Path conformanceDir, List<String> fileNames) {
        List<Result> results = new ArrayList<>();
        for (String file : fileNames) {
            for (Map<String, Object> testCase : load(conformanceDir.resolve("qtt").resolve(file))) {
                List<String> formats = (List<String>) testCase.getOrDefault("format", List.of(""));
                for (String format : formats) {
                    String label = file.replace(".json", "") + " - " + testCase.get("name")
                            + (format.isEmpty() ? "" : " - " + format);
                    Result result;
                    try {
                        result = runCase(label, testCase, format);
                    } catch (RuntimeException e) {
                        result = new Result(label, false, "runner error: " + e);
                    }
                    results.add(result);
                    System.out.println(result);
                }
            }
        }
        long passed = results.stream().filter(Result::passed).count();
        System.out.println(passed + " passed, " + (results.size() - passed) + " failed");
        return results;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/conformance/ksqldb");
        if (args.length > 1) {
            new QttRunner().runFiles(dir, List.of(args).subList(1, args.length));
            return;
        }
        new QttRunner().runCore(dir, QttConformanceTest.ALL_AREAS);
    }
}
