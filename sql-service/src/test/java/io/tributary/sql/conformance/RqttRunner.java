package io.tributary.sql.conformance;

import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.metastore.MetaStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs ksqlDB's RQTT cases (rest-query-validation-tests) through the real REST API of a running sql-service on a
 * real broker, as ksqlDB's own harness does: every non-SELECT statement to {@code POST /ksql} in one request, the
 * inputs produced, then each SELECT to {@code POST /query}. Responses are matched partially (only the keys a case
 * lists; {@code k|starts_with} is a prefix match), query rows as a multiset, {@code expectedError} by status, error
 * class and message substring, and {@code outputs} read back from their topics. Each case's topics get unique names
 * (its {@code KAFKA_TOPIC} values are rewritten) and what it created is dropped afterwards, so cases reusing the
 * same source names run one after the other on one server.
 */
public final class RqttRunner {

    private static final Pattern KAFKA_TOPIC = Pattern.compile("(?i)(kafka_topic\\s*=\\s*')([^']*)(')");
    private static final Pattern PARTITIONS = Pattern.compile("(?i)partitions\\s*=\\s*(\\d+)");
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicInteger CASES = new AtomicInteger();

    /** One case's outcome. */
    public record Result(String file, String name, boolean passed, String detail) {
        @Override
        public String toString() {
            return (passed ? "PASS " : "FAIL ") + file.replace(".json", "") + " - " + name
                    + (passed ? "" : ": " + detail);
        }
    }

    private static final class CaseFailure extends RuntimeException {
        CaseFailure(String message) {
            super(message);
        }
    }

    private final String baseUrl;
    private final String bootstrap;
    private final Admin admin;
    private final MetaStore metaStore;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    public RqttRunner(String baseUrl, String bootstrap, Admin admin, MetaStore metaStore) {
        this.baseUrl = baseUrl;
        this.bootstrap = bootstrap;
        this.admin = admin;
        this.metaStore = metaStore;
    }

    /** Runs the RQTT cases of {@code core_selection.json}; prints one line per case and the totals. */
    public List<Result> runCore(Path conformanceDir) throws Exception {
        Map<String, Object> selection = QttRunner.JSON.readValue(
                conformanceDir.resolve("core_selection.json").toFile(), Map.class);
        Map<String, List<Map<String, Object>>> files = new HashMap<>();
        List<Result> results = new ArrayList<>();
        for (Object entry : (List<?>) selection.get("rqtt")) {
            List<?> row = (List<?>) entry;
            String file = (String) row.get(0);
            String name = (String) row.get(1);
            List<Map<String, Object>> cases = files.computeIfAbsent(file, f -> load(conformanceDir.resolve("rqtt")
                    .resolve(f)));
            Optional<Map<String, Object>> testCase = cases.stream().filter(c -> name.equals(c.get("name")))
                    .findFirst();
            Result result;
            if (testCase.isEmpty()) {
                result = new Result(file, name, false, "case not found");
            } else {
                result = runCase(file, name, testCase.get());
            }
            results.add(result);
            System.out.println(result);
        }
        long passed = results.stream().filter(Result::passed).count();
        System.out.println(passed + " passed, " + (results.size() - passed) + " failed");
        return results;
    }

    /** Runs every case of the named RQTT files (beyond the core selection); prints one line per case and totals. */
    public List<Result> runFiles(Path conformanceDir, List<String> fileNames, Pattern names) {
        List<Result> results = new ArrayList<>();
        for (String file : fileNames) {
            for (Map<String, Object> testCase : load(conformanceDir.resolve("rqtt").resolve(file))) {
                if (!names.matcher((String) testCase.get("name")).find()) {
                    continue;
                }
                Result result = runCase(file, (String) testCase.get("name"), testCase);
                results.add(result);
                System.out.println(result);
            }
        }
        long passed = results.stream().filter(Result::passed).count();
        System.out.println(passed + " passed, " + (results.size() - passed) + " failed");
        return results;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(Path file) {
        try {
            Map<String, Object> content = QttRunner.JSON.readValue(Files.readString(file), Map.class);
            return (List<Map<String, Object>>) content.get("tests");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    Result runCase(String file, String name, Map<String, Object> testCase) {
        int n = CASES.incrementAndGet();
        Map<String, String> topics = new LinkedHashMap<>();
        List<String> statements = new ArrayList<>();
        for (String statement : (List<String>) testCase.get("statements")) {
            Matcher m = KAFKA_TOPIC.matcher(statement);
            StringBuilder rewritten = new StringBuilder();
            while (m.find()) {
                String mapped = topics.computeIfAbsent(m.group(2), t -> t + "_rqtt" + n + "_"
                        + UUID.randomUUID().toString().substring(0, 6));
                m.appendReplacement(rewritten, Matcher.quoteReplacement(m.group(1) + mapped + m.group(3)));
            }
            m.appendTail(rewritten);
            statements.add(rewritten.toString());
        }
        Set<String> queriesBefore = new HashSet<>(queryIds());
        Set<String> sourcesBefore = sourceNames();
        try {
            createTopics(testCase, statements, topics);
            check(testCase, statements, topics, queriesBefore);
            return new Result(file, name, true, "");
        } catch (CaseFailure e) {
            return new Result(file, name, false, e.getMessage());
        } catch (RuntimeException e) {
            return new Result(file, name, false, "runner error: " + e);
        } finally {
            cleanUp(queriesBefore, sourcesBefore, topics);
        }
    }

    @SuppressWarnings("unchecked")
    private void check(Map<String, Object> testCase, List<String> statements, Map<String, String> topics,
            Set<String> queriesBefore) {
        Map<String, Object> expectedError = (Map<String, Object>) testCase.get("expectedError");
        Map<String, Object> properties = (Map<String, Object>) testCase.getOrDefault("properties", Map.of());
        List<Map<String, Object>> responses = (List<Map<String, Object>>) testCase.getOrDefault("responses",
                List.of());
        List<String> admin = statements.stream().filter(s -> !isSelect(s)).toList();
        List<String> selects = statements.stream().filter(RqttRunner::isSelect).toList();

        List<Object> entities = List.of();
        if (!admin.isEmpty()) {
            // ksqlDB's REST test server runs its persistent queries from the earliest offset
            Map<String, Object> adminProperties = new HashMap<>(properties);
            adminProperties.putIfAbsent("ksql.streams.auto.offset.reset", "earliest");
            HttpResponse<String> response = post("/ksql", Map.of("ksql", String.join("\n", admin),
                    "streamsProperties", adminProperties), Duration.ofSeconds(60));
            if (response == null) {
                throw new CaseFailure("/ksql did not answer within 60 s");
            }
            if (response.statusCode() != 200) {
                if (expectedError != null) {
                    matchError(expectedError, response);
                    return;
                }
                throw new CaseFailure("/ksql answered " + response.statusCode() + ": " + response.body());
            }
            entities = QttRunner.JSON.readValue(response.body(), List.class);
        }
        List<Map<String, Object>> expectedAdmin = responses.stream().filter(r -> r.containsKey("admin"))
                .map(r -> (Map<String, Object>) r.get("admin")).toList();
        if (!expectedAdmin.isEmpty() && expectedAdmin.size() != entities.size()) {
            throw new CaseFailure("expected " + expectedAdmin.size() + " /ksql entities, got " + entities.size()
                    + ": " + entities);
        }
        for (int i = 0; i < expectedAdmin.size(); i++) {
            String mismatch = partialMismatch(substitute(expectedAdmin.get(i), admin.get(Math.min(i,
                    admin.size() - 1))), entities.get(i), "entity " + i);
            if (mismatch != null) {
                throw new CaseFailure(mismatch);
            }
        }

        produceInputs(testCase, topics);
        if (!selects.isEmpty() && !((List<?>) testCase.getOrDefault("inputs", List.of())).isEmpty()) {
            awaitQueriesCaughtUp(queriesBefore);
        }

        List<Map<String, Object>> expectedQueries = responses.stream().filter(r -> r.containsKey("query"))
                .map(r -> (Map<String, Object>) r).toList();
        for (int i = 0; i < selects.size(); i++) {
            Map<String, Object> streamsProperties = new HashMap<>(properties);
            streamsProperties.putIfAbsent("ksql.streams.auto.offset.reset", "earliest");
            HttpResponse<String> response = post("/query", Map.of("ksql", selects.get(i),
                    "streamsProperties", streamsProperties), QUERY_TIMEOUT);
            if (response == null) {
                throw new CaseFailure("query " + i + " did not complete within " + QUERY_TIMEOUT.toSeconds() + " s");
            }
            if (response.statusCode() != 200) {
                if (expectedError != null) {
                    matchError(expectedError, response);
                    return;
                }
                throw new CaseFailure("/query answered " + response.statusCode() + ": " + response.body());
            }
            if (i < expectedQueries.size()) {
                matchQuery(expectedQueries.get(i).get("query"), response.body(), selects.get(i), i);
            }
        }
        if (expectedError != null) {
            throw new CaseFailure("expected an error: " + expectedError.get("message"));
        }
        matchOutputs((List<Map<String, Object>>) testCase.getOrDefault("outputs", List.of()), topics);
    }

    /**
     * As ksqlDB's REST test executor does before its pull queries: waits until the case's persistent queries have
     * committed their input (source and repartition topics) up to the end offsets, so their output is written.
     */
    private void awaitQueriesCaughtUp(Set<String> queriesBefore) {
        Set<String> fresh = new HashSet<>(queryIds());
        fresh.removeAll(queriesBefore);
        if (fresh.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
            while (System.nanoTime() < deadline) {
                List<String> groups = admin.listConsumerGroups().all().get(10, TimeUnit.SECONDS).stream()
                        .map(g -> g.groupId()).filter(g -> fresh.stream().anyMatch(id -> g.endsWith("query_" + id)))
                        .toList();
                if (groups.size() >= fresh.size() && groups.stream().allMatch(this::caughtUp)) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            throw new CaseFailure("could not read the queries' progress: " + e);
        }
        // some cases' queries never commit (they fail on purpose); their pull queries are judged as they stand
        System.out.println("  (queries " + fresh + " had not processed their input within 60 s)");
    }

    private boolean caughtUp(String group) {
        try {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                    new HashMap<>(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                            .get(10, TimeUnit.SECONDS));
            if (committed.isEmpty()) {
                return false;
            }
            Set<String> internal = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(group + "-") && t.endsWith("-repartition")).collect(
                            java.util.stream.Collectors.toSet());
            // every partition the group reads, not only those it has committed: a partition whose records were
            // not processed yet has no committed offset and must hold the wait
            var description = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(10, TimeUnit.SECONDS);
            if (description.groupState() != org.apache.kafka.common.GroupState.STABLE) {
                return false;
            }
            Set<String> sourceTopics = new HashSet<>();
            committed.keySet().forEach(tp -> sourceTopics.add(tp.topic()));
            description.members().forEach(m -> m.assignment().topicPartitions()
                    .forEach(tp -> sourceTopics.add(tp.topic())));
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> wanted =
                    new HashMap<>();
            admin.describeTopics(sourceTopics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                    d.partitions().forEach(p -> wanted.put(new org.apache.kafka.common.TopicPartition(name,
                            p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
            if (!internal.isEmpty()) {
                admin.describeTopics(internal).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, d) ->
                        d.partitions().forEach(p -> wanted.put(new org.apache.kafka.common.TopicPartition(name,
                                p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest())));
            }
            var ends = admin.listOffsets(wanted).all().get(10, TimeUnit.SECONDS);
            for (var end : ends.entrySet()) {
                var offset = committed.get(end.getKey());
                if ((offset == null ? 0 : offset.offset()) < end.getValue().offset()) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isSelect(String statement) {
        return statement.stripLeading().toUpperCase(Locale.ROOT).startsWith("SELECT ");
    }

    @SuppressWarnings("unchecked")
    private static Object substitute(Object expected, String statement) {
        if (expected instanceof String s) {
            return s.replace("{STATEMENT}", statement);
        }
        if (expected instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, substitute(v, statement)));
            return copy;
        }
        if (expected instanceof List<?> list) {
            return list.stream().map(v -> substitute(v, statement)).toList();
        }
        return expected;
    }

    /** Null when {@code actual} holds every key {@code expected} lists, with equal values; else what differs. */
    private static String partialMismatch(Object expected, Object actual, String where) {
        if (expected instanceof Map<?, ?> want) {
            if (!(actual instanceof Map<?, ?> got)) {
                return where + ": expected an object, got " + actual;
            }
            for (Map.Entry<?, ?> entry : want.entrySet()) {
                String key = (String) entry.getKey();
                if (key.endsWith("|starts_with")) {
                    String field = key.substring(0, key.length() - "|starts_with".length());
                    Object value = got.get(field);
                    if (!(value instanceof String s) || !s.startsWith(String.valueOf(entry.getValue()))) {
                        return where + "." + field + ": expected to start with " + entry.getValue() + ", got "
                                + value;
                    }
                    continue;
                }
                if (!got.containsKey(key)) {
                    return where + ": no " + key + " in " + got;
                }
                String mismatch = partialMismatch(entry.getValue(), got.get(key), where + "." + key);
                if (mismatch != null) {
                    return mismatch;
                }
            }
            return null;
        }
        if (expected instanceof List<?> want) {
            if (!(actual instanceof List<?> got) || got.size() != want.size()) {
                return where + ": expected " + expected + ", got " + actual;
            }
            for (int i = 0; i < want.size(); i++) {
                String mismatch = partialMismatch(want.get(i), got.get(i), where + "[" + i + "]");
                if (mismatch != null) {
                    return mismatch;
                }
            }
            return null;
        }
        return QttRunner.same(expected, actual) ? null : where + ": expected " + expected + ", got " + actual;
    }

    private static void matchError(Map<String, Object> expectedError, HttpResponse<String> response) {
        Map<String, Object> body;
        try {
            body = QttRunner.JSON.readValue(response.body(), Map.class);
        } catch (RuntimeException e) {
            throw new CaseFailure("error body is not JSON: " + response.body());
        }
        Object status = expectedError.get("status");
        if (status != null && ((Number) status).intValue() != response.statusCode()) {
            throw new CaseFailure("expected status " + status + ", got " + response.statusCode() + ": "
                    + response.body());
        }
        String type = (String) expectedError.get("type");
        if (type != null && type.endsWith("KsqlStatementErrorMessage")
                && !"statement_error".equals(body.get("@type"))) {
            throw new CaseFailure("expected a statement_error, got " + response.body());
        }
        String message = (String) expectedError.get("message");
        if (message != null && !String.valueOf(body.get("message")).contains(message)) {
            throw new CaseFailure("expected an error containing '" + message + "', got " + body.get("message"));
        }
    }

    @SuppressWarnings("unchecked")
    private static void matchQuery(Object expected, String body, String statement, int index) {
        List<Object> elements;
        try {
            elements = QttRunner.JSON.readValue(body.replaceAll(",\\s*\n\\s*]", "]"), List.class);
        } catch (RuntimeException e) {
            throw new CaseFailure("query " + index + " answered no JSON array: " + body);
        }
        List<Object> want = (List<Object>) substitute(expected, statement);
        List<Object> wantRows = new ArrayList<>();
        List<Object> gotRows = new ArrayList<>();
        List<Object> wantOther = new ArrayList<>();
        List<Object> gotOther = new ArrayList<>();
        want.forEach(e -> (((Map<String, Object>) e).containsKey("row") ? wantRows : wantOther).add(e));
        elements.forEach(e -> (((Map<String, Object>) e).containsKey("row") ? gotRows : gotOther).add(e));
        String mismatch = partialMismatch(wantOther, gotOther, "query " + index);
        if (mismatch != null) {
            throw new CaseFailure(mismatch + " (body " + body.strip() + ")");
        }
        // rows as a multiset: each expected row takes the first unmatched actual row that fits
        if (wantRows.size() != gotRows.size()) {
            throw new CaseFailure("query " + index + ": expected " + wantRows.size() + " rows, got "
                    + gotRows.size() + ": " + gotRows);
        }
        List<Object> left = new ArrayList<>(gotRows);
        for (Object row : wantRows) {
            Optional<Object> match = left.stream().filter(g -> partialMismatch(row, g, "") == null).findFirst();
            if (match.isEmpty()) {
                throw new CaseFailure("query " + index + ": no row matches " + row + " among " + gotRows);
            }
            left.remove(match.get());
        }
    }

    @SuppressWarnings("unchecked")
    private void createTopics(Map<String, Object> testCase, List<String> statements, Map<String, String> topics) {
        Map<String, Integer> partitions = new LinkedHashMap<>();
        Set<String> createdByStatement = new HashSet<>();
        for (String statement : statements) {
            Matcher m = KAFKA_TOPIC.matcher(statement);
            while (m.find()) {
                if (PARTITIONS.matcher(statement).find()) {
                    createdByStatement.add(m.group(2));
                } else {
                    partitions.putIfAbsent(m.group(2), 1);
                }
            }
        }
        for (Map<String, Object> topic : (List<Map<String, Object>>) testCase.getOrDefault("topics", List.of())) {
            String mapped = topics.getOrDefault((String) topic.get("name"), (String) topic.get("name"));
            partitions.put(mapped, topic.get("partitions") == null ? 1 : ((Number) topic.get("partitions")).intValue());
        }
        for (Map<String, Object> input : (List<Map<String, Object>>) testCase.getOrDefault("inputs", List.of())) {
            String mapped = topics.getOrDefault((String) input.get("topic"), (String) input.get("topic"));
            if (!createdByStatement.contains(mapped)) {
                partitions.putIfAbsent(mapped, 1);
            }
        }
        partitions.keySet().removeAll(createdByStatement);
        if (partitions.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(partitions.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
            // the controller has the topics; the broker's metadata, which CREATE STREAM reads, may trail it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.listTopics().names().get(10, TimeUnit.SECONDS).containsAll(partitions.keySet())
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + partitions.keySet() + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private void produceInputs(Map<String, Object> testCase, Map<String, String> topics) {
        List<Map<String, Object>> inputs = (List<Map<String, Object>>) testCase.getOrDefault("inputs", List.of());
        if (inputs.isEmpty()) {
            return;
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                // inputs go to topics created a moment ago (see TestInfrastructure.producerConfig)
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Map<String, Object> input : inputs) {
                String topic = topics.getOrDefault((String) input.get("topic"), (String) input.get("topic"));
                Optional<DataSource> source = metaStore.all().stream().filter(s -> s.topic().equals(topic))
                        .findFirst();
                byte[] key = serializeKey(input.get("key"), source);
                if (input.get("window") instanceof Map<?, ?> window) {
                    key = windowed(key, window);
                }
                Long timestamp = input.get("timestamp") == null ? null : ((Number) input.get("timestamp")).longValue();
                producer.send(new ProducerRecord<>(topic, null, timestamp, key,
                        serializeValue(input.get("value"), source)));
            }
            producer.flush();
        }
    }

    /** Kafka Streams' windowed key layouts: time windows append the start, session windows the end then start. */
    private static byte[] windowed(byte[] key, Map<?, ?> window) {
        byte[] k = key == null ? new byte[0] : key;
        long start = ((Number) window.get("start")).longValue();
        boolean session = "session".equalsIgnoreCase(String.valueOf(window.get("type")));
        ByteBuffer buffer = ByteBuffer.allocate(k.length + (session ? 16 : 8)).put(k);
        if (session) {
            buffer.putLong(((Number) window.get("end")).longValue());
        }
        return buffer.putLong(start).array();
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
        return QttRunner.JSON.writeValueAsBytes(value);
    }

    private void matchOutputs(List<Map<String, Object>> outputs, Map<String, String> topics) {
        Map<String, List<Map<String, Object>>> expected = new LinkedHashMap<>();
        for (Map<String, Object> output : outputs) {
            String topic = topics.getOrDefault((String) output.get("topic"), (String) output.get("topic"));
            expected.computeIfAbsent(topic, t -> new ArrayList<>()).add(output);
        }
        for (Map.Entry<String, List<Map<String, Object>>> topic : expected.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> actual = consume(topic.getKey(), topic.getValue().size());
            if (actual.size() != topic.getValue().size()) {
                throw new CaseFailure("topic " + topic.getKey() + ": expected " + topic.getValue().size()
                        + " records, got " + actual.size());
            }
            Optional<DataSource> sink = metaStore.all().stream().filter(s -> s.topic().equals(topic.getKey()))
                    .findFirst();
            for (int i = 0; i < actual.size(); i++) {
                Map<String, Object> want = topic.getValue().get(i);
                ConsumerRecord<byte[], byte[]> got = actual.get(i);
                Object key = decodeKey(got.key(), sink);
                if (!QttRunner.same(want.get("key"), key)) {
                    throw new CaseFailure("record " + i + " on " + topic.getKey() + ": key " + key + ", expected "
                            + want.get("key"));
                }
                Object value = decodeValue(got.value(), sink);
                if (!QttRunner.same(want.get("value"), value)) {
                    throw new CaseFailure("record " + i + " on " + topic.getKey() + ": value " + value
                            + ", expected " + want.get("value"));
                }
                if (want.get("timestamp") != null
                        && ((Number) want.get("timestamp")).longValue() != got.timestamp()) {
                    throw new CaseFailure("record " + i + " on " + topic.getKey() + ": timestamp " + got.timestamp()
                            + ", expected " + want.get("timestamp"));
                }
            }
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "rqtt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // a moment more: records beyond the expected ones are a failure too
            consumer.poll(Duration.ofMillis(300)).forEach(records::add);
        }
        return records;
    }

    private static Object decodeKey(byte[] key, Optional<DataSource> sink) {
        if (key == null) {
            return null;
        }
        if (sink.isEmpty() || sink.get().keyColumns().isEmpty()) {
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
        return QttRunner.JSON.readValue(value, Object.class);
    }

    /** Terminates the case's queries, drops its sources with their topics and deletes the topics it made. */
    private void cleanUp(Set<String> queriesBefore, Set<String> sourcesBefore, Map<String, String> topics) {
        for (String id : queryIds()) {
            if (!queriesBefore.contains(id)) {
                post("/ksql", Map.of("ksql", "TERMINATE " + id + ";"), Duration.ofSeconds(60));
            }
        }
        Set<String> dropped = new HashSet<>(topics.values());
        for (DataSource source : List.copyOf(metaStore.all())) {
            if (!sourcesBefore.contains(source.name())) {
                dropped.add(source.topic());
                post("/ksql", Map.of("ksql", "DROP " + source.type().name() + " IF EXISTS `" + source.name()
                        + "` DELETE TOPIC;"), Duration.ofSeconds(60));
                // a source another one still reads fails to drop: try again without its topic
                post("/ksql", Map.of("ksql", "DROP " + source.type().name() + " IF EXISTS `" + source.name()
                        + "`;"), Duration.ofSeconds(60));
            }
        }
        try {
            Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            List<String> delete = dropped.stream().filter(existing::contains).toList();
            if (!delete.isEmpty()) {
                admin.deleteTopics(delete).all().get(10, TimeUnit.SECONDS);
            }
            // a later case may create a topic of the same name (a CSAS sink's default topic)
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline
                    && admin.listTopics().names().get(10, TimeUnit.SECONDS).stream().anyMatch(dropped::contains)) {
                Thread.sleep(100);
            }
        } catch (Exception e) {
            System.out.println("  (clean-up: " + e + ")");
        }
    }

    private Set<String> sourceNames() {
        Set<String> names = new HashSet<>();
        metaStore.all().forEach(s -> names.add(s.name()));
        return names;
    }

    @SuppressWarnings("unchecked")
    private List<String> queryIds() {
        HttpResponse<String> response = post("/ksql", Map.of("ksql", "SHOW QUERIES;"), Duration.ofSeconds(30));
        List<Map<String, Object>> entities = QttRunner.JSON.readValue(response.body(), List.class);
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> query : (List<Map<String, Object>>) entities.get(0).get("queries")) {
            if ("PERSISTENT".equals(query.get("queryType")) || query.get("queryType") == null) {
                ids.add((String) query.get("id"));
            }
        }
        return ids;
    }

    /**
     * The status and whole body, or null when the body did not end in time (an HttpClient timeout covers only the
     * headers, so the body is read here with a deadline and the connection dropped when it passes).
     */
    private HttpResponse<String> post(String path, Map<String, Object> body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/vnd.ksql.v1+json")
                .header("Accept", "application/vnd.ksql.v1+json")
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(QttRunner.JSON.writeValueAsString(body)))
                .build();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.util.concurrent.CompletableFuture<Void> read = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (java.io.InputStream in = response.body()) {
                    in.transferTo(bytes);
                } catch (java.io.IOException e) {
                    // dropped on time-out
                }
            });
            try {
                read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                response.body().close();
                return null;
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            return new StringResponse(response, text);
        } catch (HttpTimeoutException e) {
            return null;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(path + ": " + e, e);
        }
    }

    private record StringResponse(HttpResponse<?> raw, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public URI uri() {
            return raw.uri();
        }

        @Override
        public HttpClient.Version version() {
            return raw.version();
        }
    }
}
