package io.tributary.sql.queryservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.web.KsqlClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class QueryServiceTest extends KsqlClient {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Autowired
    DataSource dataSource;

    @Autowired
    RunningRequests runningRequests;

    @Autowired
    QueryService queryService;

    @Autowired
    QueryServiceEngine queryServiceEngine;

    private static String bigStream;

    private String users;

    @BeforeEach
    void users() {
        users = uniqueName("users");
        assertThat(ksql("CREATE STREAM " + users + " (ID STRING KEY, NAME STRING, AGE INT) WITH (KAFKA_TOPIC='"
                + users + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        produce(users, List.of(new String[] {"1", "{\"NAME\":\"ann\",\"AGE\":30}"},
                new String[] {"2", "{\"NAME\":\"bob\",\"AGE\":40}"},
                new String[] {"3", "{\"NAME\":\"cid\",\"AGE\":50}"}));
    }

    private HttpResponse<String> form(Map<String, String> parameters, String... headers) {
        String body = parameters.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return post("/query/service", "application/x-www-form-urlencoded", body, headers);
    }

    private HttpResponse<String> form(String... keyValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            parameters.put(keyValues[i], keyValues[i + 1]);
        }
        return form(parameters);
    }

    private static Map<String, Object> body(HttpResponse<String> response) {
        return MAPPER.readValue(response.body(), new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Map<String, Object> body, String name) {
        return (T) body.get(name);
    }

    private static String results(HttpResponse<String> response) {
        return String.valueOf(body(response).get("results"));
    }

    private static String path(String url) {
        return URI.create(url).getPath();
    }

    @Test
    void immediateFormPostAnswersRowsInAsterixFieldOrder() {
        HttpResponse<String> response = form("statement", "SELECT NAME, AGE + 1 AS NEXT FROM " + users
                + " u WHERE u.AGE >= 40;", "client_context_id", "xyz", "pretty", "true");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        assertThat(response.body()).contains("\n  \"requestID\"");
        Map<String, Object> body = body(response);
        assertThat(body.keySet()).containsExactly("requestID", "clientContextID", "signature", "results", "plans",
                "status", "metrics");
        assertThat(body).containsEntry("clientContextID", "xyz").containsEntry("signature", Map.of("*", "*"))
                .containsEntry("plans", Map.of()).containsEntry("status", "success");
        assertThat(String.valueOf((Object) field(body, "results"))).isEqualTo("[{NAME=bob, NEXT=41}, {NAME=cid, NEXT=51}]");
        Map<String, Object> metrics = field(body, "metrics");
        assertThat(metrics.keySet()).containsExactly("elapsedTime", "executionTime", "resultCount", "resultSize",
                "processedObjects");
        assertThat(metrics).containsEntry("resultCount", 2).containsEntry("processedObjects", 3);
        assertThat((String) metrics.get("elapsedTime")).matches("[0-9.]+(ns|µs|ms|s)");
        assertThat((Integer) metrics.get("resultSize")).isEqualTo("{\"NAME\":\"bob\",\"NEXT\":41}".length()
                + "{\"NAME\":\"cid\",\"NEXT\":51}".length());
    }

    @Test
    void jsonBodyAndGetBindPositionalAndNamedParameters() {
        String json = MAPPER.writeValueAsString(Map.of("statement", "SELECT NAME FROM " + users
                + " WHERE AGE > ? AND NAME <> $skip;", "args", List.of(35), "$skip", "cid"));
        HttpResponse<String> posted = post("/query/service", "application/json", json);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        assertThat(String.valueOf((Object) field(body(posted), "results"))).isEqualTo("[{NAME=bob}]");

        String query = "statement=" + URLEncoder.encode("SELECT VALUE NAME FROM " + users + " WHERE AGE = $age;",
                StandardCharsets.UTF_8) + "&" + URLEncoder.encode("$age", StandardCharsets.UTF_8) + "=30";
        HttpResponse<String> got = get("/query/service?" + query, "Origin", "http://console.example");
        assertThat(got.statusCode()).as(got.body()).isEqualTo(200);
        assertThat(got.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://console.example");
        assertThat(String.valueOf((Object) field(body(got), "results"))).isEqualTo("[ann]");

        HttpResponse<String> missing = form("statement", "SELECT NAME FROM " + users + " WHERE AGE = $nope;");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("No value for parameter: $nope");
    }

    @Test
    void sqlPlusPlusFormsRunUnchanged() {
        assertThat(results(form("statement", "SELECT VALUE 1 + 1;"))).isEqualTo("[2]");
        assertThat(results(form("statement", "SELECT 1;"))).isEqualTo("[{$1=1}]");
        assertThat(results(form("statement", "SELECT 1 AS `one`, 'x' AS `two`;")))
                .isEqualTo("[{one=1, two=x}]");
        assertThat(results(form("statement", "SELECT VALUE u FROM " + users + " AS u WHERE u.ID = '2';"))).isEqualTo("[{ID=2, NAME=bob, AGE=40}]");
        assertThat(results(form("statement", "SELECT u.NAME FROM " + users + " u LIMIT 1;"))).isEqualTo("[{NAME=ann}]");
    }

    @Test
    void csvAndAdmFormatsAddTheirTypeAndUnknownFormatsAreRefused() {
        Map<String, Object> csv = body(form("statement", "SELECT ID, NAME, AGE FROM " + users + " WHERE AGE < 45;",
                "format", "text/csv;header=present"));
        assertThat(csv.keySet()).containsExactly("requestID", "type", "signature", "results", "plans", "status",
                "metrics");
        assertThat(csv).containsEntry("type", "text/csv; header=present");
        assertThat((Object) field(csv, "results")).isEqualTo(List.of("ID,NAME,AGE", "\"1\",\"ann\",30", "\"2\",\"bob\",40"));

        Map<String, Object> bare = body(form("statement", "SELECT AGE FROM " + users + " LIMIT 1;", "format", "CSV"));
        assertThat(bare).containsEntry("type", "text/csv; header=absent").containsEntry("results", List.of("30"));

        Map<String, Object> adm = body(form("statement", "SELECT VALUE 7;", "format", "application/x-adm"));
        assertThat(adm).containsEntry("type", "application/x-adm").containsEntry("results", List.of(7));

        HttpResponse<String> bad = form("statement", "SELECT VALUE 7;", "format", "text/yaml");
        assertThat(bad.statusCode()).isEqualTo(400);
        Map<String, Object> error = body(bad);
        assertThat(error.keySet()).containsExactly("requestID", "errors", "status", "metrics");
        assertThat(error).containsEntry("status", "fatal").containsEntry("errors",
                List.of(Map.of("code", 1, "msg", "ASX0047: Invalid value for parameter 'format'")));
        assertThat(String.valueOf((Object) field(error, "metrics"))).contains("errorCount=1");
    }

    @Test
    void deferredAnswersAResultHandleReadableAsOftenAsMaxResultReads() {
        Map<String, Object> deferred = body(form("statement", "SELECT NAME FROM " + users + " WHERE AGE = 30;",
                "mode", "deferred", "max-result-reads", "2"));
        assertThat(deferred.keySet()).containsExactly("requestID", "signature", "handle", "plans", "status", "metrics");
        String handle = field(deferred, "handle");
        assertThat(handle).startsWith("http://localhost:" + port + "/query/service/result/");

        for (int read = 0; read < 2; read++) {
            HttpResponse<String> result = get(path(handle));
            assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
            Map<String, Object> body = body(result);
            assertThat(body.keySet()).containsExactly("results", "metrics");
            assertThat(body).containsEntry("results", List.of(Map.of("NAME", "ann")));
        }
        assertThat(get(path(handle)).statusCode()).isEqualTo(404);

        Map<String, Object> once = body(form("statement", "SELECT VALUE 1;", "mode", "deferred"));
        String onceHandle = field(once, "handle");
        assertThat(get(path(onceHandle)).statusCode()).isEqualTo(200);
        assertThat(get(path(onceHandle)).statusCode()).as("one read by default").isEqualTo(404);
    }

    @Test
    void handlesAreBuiltFromTheUrlTheClientCalledThroughAProxy() {
        HttpResponse<String> response = form(Map.of("statement", "SELECT VALUE 1;", "mode", "deferred"),
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "gateway.example", "X-Forwarded-Port", "9443");
        assertThat((String) field(body(response), "handle")).startsWith(
                "https://gateway.example:9443/query/service/result/");
    }

    @Test
    void asyncAnswersRunningWithAStatusHandleThatLeadsToTheResult() throws Exception {
        Map<String, Object> async = body(form("statement", "SELECT ID FROM " + users + " WHERE AGE > 35;",
                "mode", "async", "client_context_id", "async-1"));
        assertThat(async.keySet()).containsExactly("requestID", "clientContextID", "signature", "status", "handle",
                "plans", "metrics");
        assertThat(async).containsEntry("status", "running");
        String statusHandle = field(async, "handle");
        assertThat(statusHandle).startsWith("http://localhost:" + port + "/query/service/status/");

        Map<String, Object> status = awaitDone(path(statusHandle));
        assertThat(status).containsEntry("status", "success");
        String resultHandle = field(status, "handle");
        assertThat(resultHandle).startsWith("http://localhost:" + port + "/query/service/result/");
        assertThat(body(get(path(resultHandle)))).containsEntry("results", List.of(Map.of("ID", "2"),
                Map.of("ID", "3")));
    }

    @Test
    void resultHandlesLiveInPostgresSoAnotherInstanceOrARestartReadsThem() throws Exception {
        Map<String, Object> async = body(form("statement", "SELECT VALUE NAME FROM " + users + ";", "mode", "async"));
        String statusPath = path(field(async, "handle"));
        awaitDone(statusPath);
        String handle = statusPath.substring(statusPath.lastIndexOf('/') + 1);

        // a service built from nothing but the database, as after a restart or on another instance
        QueryService fresh = otherInstance(null, 16, Duration.ZERO);
        try {
            assertThat(fresh.status(handle, "http://other:8088")).hasValueSatisfying(s -> assertThat(s)
                    .containsEntry("status", "success")
                    .containsEntry("handle", "http://other:8088/query/service/result/" + handle));
            assertThat(fresh.result(handle)).hasValueSatisfying(r -> assertThat(r.get("results"))
                    .isEqualTo(List.of("ann", "bob", "cid")));
        } finally {
            fresh.destroy();
        }
    }

    /** Another instance on the same database and broker, as a second sql-service process would be. */
    private QueryService otherInstance(QueryServiceEngine engine, int maxConcurrentQueries, Duration defaultTimeout) {
        return otherInstance(engine, maxConcurrentQueries, defaultTimeout, 2, 64);
    }

    private QueryService otherInstance(QueryServiceEngine engine, int maxConcurrentQueries, Duration defaultTimeout,
            int asyncThreads, int asyncQueueCapacity) {
        return new QueryService(engine, new ResultStore(JdbcClient.create(dataSource)), new RunningRequests(),
                new QueryService.Settings(Duration.ofHours(1), 1, asyncThreads, Duration.ofSeconds(30),
                        maxConcurrentQueries, defaultTimeout, defaultTimeout, asyncQueueCapacity));
    }

    private static QueryServiceRequest asterixRequest(String statement, QueryServiceRequest.Mode mode,
            String clientContextId, Duration timeout) {
        return new QueryServiceRequest(statement, ResultFormat.parse(null, null).orElseThrow(), false,
                clientContextId, mode, Map.of(), java.util.Optional.ofNullable(timeout), false, true,
                QueryServiceRequest.PlanFormat.JSON, QueryServiceRequest.PlanFlags.NONE, java.util.Optional.empty(), 0);
    }

    @Test
    void aBusyInstanceRefusesRequestsAsAFullAsterixJobQueueUntilOneEnds() throws Exception {
        String big = bigStream();
        QueryService instance = otherInstance(queryServiceEngine, 1, Duration.ZERO);
        try {
            QueryService.Answer running = instance.submit(asterixRequest("SELECT V FROM " + big + " WHERE V < 0;",
                    QueryServiceRequest.Mode.ASYNC, "holds-the-slot", null), "http://localhost:" + port);
            assertThat(running.httpStatus()).isEqualTo(200);
            assertThat(running.body()).containsEntry("status", "running");

            for (QueryServiceRequest.Mode mode : List.of(QueryServiceRequest.Mode.IMMEDIATE,
                    QueryServiceRequest.Mode.DEFERRED)) {
                QueryService.Answer refused = instance.submit(asterixRequest("SELECT VALUE 1;", mode, "second", null),
                        "http://localhost:" + port);
                assertThat(refused.httpStatus()).as(mode.name()).isEqualTo(503);
                assertThat(refused.body().keySet()).containsExactly("requestID", "clientContextID", "errors",
                        "status", "metrics");
                assertThat(refused.body()).containsEntry("status", "fatal").containsEntry("errors",
                        List.of(QueryServiceError.of("HYR0006", "Job queue is full with 1 jobs")));
            }
            QueryService.Answer queued = instance.submit(asterixRequest("SELECT VALUE 1;",
                    QueryServiceRequest.Mode.ASYNC, "second", null), "http://localhost:" + port);
            assertThat(queued.httpStatus()).as("an async request waits for the slot").isEqualTo(200);
            assertThat(queued.body()).containsEntry("status", "running");
            assertThat(instance.queuedAsyncRequests()).isEqualTo(1);

            assertThat(instance.cancel("holds-the-slot")).isTrue();
            String handle = (String) running.body().get("handle");
            String id = handle.substring(handle.lastIndexOf('/') + 1);
            long deadline = System.currentTimeMillis() + 30_000;
            QueryService.Answer next;
            do {
                Thread.sleep(50);
                next = instance.submit(asterixRequest("SELECT VALUE 1;", QueryServiceRequest.Mode.IMMEDIATE, null, null),
                        "http://localhost:" + port);
            } while (next.httpStatus() == 503 && System.currentTimeMillis() < deadline);
            assertThat(next.httpStatus()).as("the slot is free once the cancelled scan stopped").isEqualTo(200);
            assertThat(instance.status(id, "http://localhost:" + port)).hasValueSatisfying(s -> assertThat(s)
                    .containsEntry("status", "fatal"));
        } finally {
            instance.destroy();
        }
    }

    @Test
    void queuedAsyncRequestsHoldNoSlotSoImmediateRequestsStillRun() throws Exception {
        GatedEngine gated = new GatedEngine();
        QueryService instance = otherInstance(gated, 2, Duration.ZERO, 1, 3);
        String base = "http://localhost:" + port;
        try {
            QueryService.Answer first = instance.submit(asterixRequest("SELECT ID FROM " + users + ";",
                    QueryServiceRequest.Mode.ASYNC, "hold-running", null), base);
            assertThat(first.body()).containsEntry("status", "running");
            awaitCondition(() -> gated.held.get() == 1, "the first async request runs");

            List<QueryService.Answer> queued = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long submitted = System.nanoTime();
                QueryService.Answer answer = instance.submit(asterixRequest("SELECT ID FROM " + users
                        + " WHERE AGE > 35;", QueryServiceRequest.Mode.ASYNC, "hold-queued", null), base);
                assertThat(answer.httpStatus()).isEqualTo(200);
                assertThat(answer.body()).containsEntry("status", "running");
                assertThat(Duration.ofNanos(System.nanoTime() - submitted)).as("answered without waiting its turn")
                        .isLessThan(Duration.ofSeconds(10));
                queued.add(answer);
            }
            assertThat(instance.queuedAsyncRequests()).isEqualTo(3);
            assertThat(instance.runningRequests()).as("queued requests hold no slot").isEqualTo(1);

            QueryService.Answer immediate = instance.submit(asterixRequest("SELECT ID FROM " + users
                    + " WHERE AGE > 35;", QueryServiceRequest.Mode.IMMEDIATE, null, null), base);
            assertThat(immediate.httpStatus()).isEqualTo(200);
            assertThat(immediate.body()).containsEntry("status", "success").containsEntry("results",
                    List.of(Map.of("ID", "2"), Map.of("ID", "3")));

            QueryService.Answer full = instance.submit(asterixRequest("SELECT VALUE 1;",
                    QueryServiceRequest.Mode.ASYNC, "one-too-many", null), base);
            assertThat(full.httpStatus()).isEqualTo(503);
            assertThat(full.body().keySet()).containsExactly("requestID", "clientContextID", "errors", "status",
                    "metrics");
            assertThat(full.body()).containsEntry("status", "fatal").containsEntry("errors",
                    List.of(QueryServiceError.of("HYR0006", "Job queue is full with 3 jobs")));
            QueryService.Answer bad = instance.submit(asterixRequest("SELEC 1;", QueryServiceRequest.Mode.ASYNC,
                    null, null), base);
            assertThat(bad.httpStatus()).as("a statement that cannot run is refused before it queues").isEqualTo(400);
            assertThat(String.valueOf(bad.body().get("errors"))).contains("ASX1001");

            assertThat(instance.cancel("hold-queued")).isTrue();
            awaitCondition(() -> instance.queuedAsyncRequests() == 0, "the cancelled requests leave the queue");
            for (QueryService.Answer answer : queued) {
                assertThat(instance.status(handleId(answer), base)).hasValueSatisfying(status -> assertThat(status)
                        .containsEntry("status", "fatal").extractingByKey("errors").asString()
                        .contains("ASX0041").contains("has been cancelled"));
            }
            assertThat(instance.runningRequests()).isEqualTo(1);

            gated.open.countDown();
            awaitCondition(() -> instance.runningRequests() == 0, "the running request ends");
            assertThat(awaitStatus(instance, first)).containsEntry("status", "success");
            assertThat(instance.result(handleId(first))).hasValueSatisfying(r -> assertThat(r.get("results"))
                    .isEqualTo(List.of(Map.of("ID", "1"), Map.of("ID", "2"), Map.of("ID", "3"))));
            assertThat(instance.queuedAsyncRequests()).isZero();
        } finally {
            gated.open.countDown();
            instance.destroy();
        }
    }

    @Test
    void queuedAsyncRequestsThatFailOrTimeOutGiveBackTheirPlaceAndTakeNoSlot() throws Exception {
        GatedEngine gated = new GatedEngine();
        QueryService instance = otherInstance(gated, 1, Duration.ZERO, 2, 4);
        String base = "http://localhost:" + port;
        String doomed = uniqueName("doomed");
        assertThat(ksql("CREATE STREAM " + doomed + " (ID STRING KEY, V INT) WITH (KAFKA_TOPIC='" + doomed
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        try {
            java.util.concurrent.CompletableFuture<QueryService.Answer> holding = java.util.concurrent
                    .CompletableFuture.supplyAsync(() -> instance.submit(asterixRequest("SELECT VALUE 1;",
                            QueryServiceRequest.Mode.IMMEDIATE, "hold-slot", null), base));
            awaitCondition(() -> gated.held.get() == 1, "an immediate request runs and holds the only slot");
            assertThat(instance.runningRequests()).isEqualTo(1);

            QueryService.Answer failing = instance.submit(asterixRequest("SELECT * FROM " + doomed + ";",
                    QueryServiceRequest.Mode.ASYNC, "fails", null), base);
            assertThat(failing.httpStatus()).as("its dataset exists when it queues").isEqualTo(200);
            QueryService.Answer timingOut = instance.submit(asterixRequest("SELECT ID FROM " + users + ";",
                    QueryServiceRequest.Mode.ASYNC, "times-out", Duration.ofSeconds(2)), base);
            assertThat(timingOut.httpStatus()).isEqualTo(200);
            assertThat(instance.queuedAsyncRequests()).isEqualTo(2);
            assertThat(ksql("DROP STREAM " + doomed + ";").statusCode()).as("dropped while the request waits")
                    .isEqualTo(200);

            QueryService.Answer unknownWhileQueued = instance.submit(asterixRequest(
                    "SELECT * FROM NO_SUCH_DATASET;", QueryServiceRequest.Mode.ASYNC, "unknown", null), base);
            assertUnknownDatasetRefused(unknownWhileQueued);
            QueryService.Answer unknownColumn = instance.submit(asterixRequest("SELECT NO_SUCH_COLUMN FROM " + users
                    + ";", QueryServiceRequest.Mode.ASYNC, "unknown-column", null), base);
            assertThat(unknownColumn.httpStatus()).as("compiled against the metastore before it queues")
                    .isEqualTo(400);
            assertThat(unknownColumn.body()).containsEntry("status", "fatal");
            assertThat(String.valueOf(unknownColumn.body().get("errors"))).contains("ASX1079")
                    .containsIgnoringCase("NO_SUCH_COLUMN");
            assertThat(instance.queuedAsyncRequests()).as("refused requests take no place").isEqualTo(2);

            QueryService.Answer refused = instance.submit(asterixRequest("SELECT VALUE 1;",
                    QueryServiceRequest.Mode.IMMEDIATE, null, null), base);
            assertThat(refused.httpStatus()).as("running work is at the limit").isEqualTo(503);
            assertThat(refused.body()).containsEntry("errors",
                    List.of(QueryServiceError.of("HYR0006", "Job queue is full with 1 jobs")));

            assertThat(awaitStatus(instance, timingOut)).as("timed out while queued")
                    .containsEntry("status", "timeout").extractingByKey("errors").asString().contains("ASX0039");
            assertThat(instance.queuedAsyncRequests()).isEqualTo(1);
            assertThat(instance.runningRequests()).isEqualTo(1);

            gated.open.countDown();
            assertThat(holding.get(30, java.util.concurrent.TimeUnit.SECONDS).body())
                    .containsEntry("status", "success");
            assertThat(awaitStatus(instance, failing)).as("failed when it ran").containsEntry("status", "fatal")
                    .extractingByKey("errors").asString().contains("ASX1077").containsIgnoringCase(doomed);
            awaitCondition(() -> instance.runningRequests() == 0 && instance.queuedAsyncRequests() == 0,
                    "every slot and queue place given back");

            QueryService.Answer unknownWhileFree = instance.submit(asterixRequest(
                    "SELECT * FROM NO_SUCH_DATASET;", QueryServiceRequest.Mode.ASYNC, "unknown", null), base);
            assertUnknownDatasetRefused(unknownWhileFree);
            assertThat(unknownWhileFree.body().get("errors")).as("the same answer, queued or not")
                    .isEqualTo(unknownWhileQueued.body().get("errors"));

            QueryService.Answer next = instance.submit(asterixRequest("SELECT VALUE 1;",
                    QueryServiceRequest.Mode.IMMEDIATE, null, null), base);
            assertThat(next.httpStatus()).isEqualTo(200);
            assertThat(instance.runningRequests()).isZero();
        } finally {
            gated.open.countDown();
            instance.destroy();
        }
    }

    private static void assertUnknownDatasetRefused(QueryService.Answer answer) {
        assertThat(answer.httpStatus()).isEqualTo(400);
        assertThat(answer.body().keySet()).containsExactly("requestID", "clientContextID", "errors", "status",
                "metrics");
        assertThat(answer.body()).containsEntry("status", "fatal").containsEntry("errors", List.of(QueryServiceError
                .of("ASX1077", "Cannot find dataset with name NO_SUCH_DATASET in dataverse Default")));
    }

    @Autowired
    io.tributary.sql.metastore.MetaStore metaStore;

    @Autowired
    io.tributary.sql.bounded.BoundedQueryEngine boundedQueryEngine;

    @Autowired
    io.tributary.sql.engine.KsqlEngine ksqlEngine;

    /**
     * The real engine, but a request whose client context id starts with {@code hold} runs only once {@link #open}
     * is counted down: it holds whatever it took for as long as the test needs.
     */
    private final class GatedEngine extends QueryServiceEngine {
        final java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();

        GatedEngine() {
            super(metaStore, boundedQueryEngine, ksqlEngine);
        }

        @Override
        public Execution execute(QueryServiceRequest request, io.tributary.sql.bounded.Interruption interruption,
                Runnable compiled) {
            if (request.clientContextId() != null && request.clientContextId().startsWith("hold")) {
                check(request);
                compiled.run();
                held.incrementAndGet();
                try {
                    while (!open.await(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        interruption.check();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } finally {
                    held.decrementAndGet();
                }
            }
            return super.execute(request, interruption, compiled);
        }
    }

    private static String handleId(QueryService.Answer answer) {
        String handle = (String) answer.body().get("handle");
        return handle.substring(handle.lastIndexOf('/') + 1);
    }

    private Map<String, Object> awaitStatus(QueryService instance, QueryService.Answer answer)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        Map<String, Object> status;
        do {
            status = instance.status(handleId(answer), "http://localhost:" + port).orElseThrow();
            if (!"running".equals(status.get("status"))) {
                return status;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return status;
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void anAsyncRequestToAStoppedInstanceIsRefusedAndFreesItsPlaceInTheQueue() {
        QueryService instance = otherInstance(queryServiceEngine, 1, Duration.ZERO, 2, 1);
        instance.destroy();
        String context = "stopped-" + System.nanoTime();
        for (int i = 0; i < 2; i++) {
            QueryService.Answer refused = instance.submit(asterixRequest("SELECT VALUE 1;",
                    QueryServiceRequest.Mode.ASYNC, context, null), "http://localhost:" + port);
            assertThat(refused.httpStatus()).as("attempt " + i).isEqualTo(503);
            assertThat(refused.body()).containsEntry("status", "fatal");
            assertThat(String.valueOf(refused.body().get("errors"))).as("the queue place was given back")
                    .doesNotContain("HYR0006");
        }
        List<String> statuses = JdbcClient.create(dataSource).sql("SELECT status FROM query_service_result WHERE"
                + " client_context_id = ?").param(context).query(String.class).list();
        assertThat(statuses).hasSize(2).doesNotContain("running");
    }

    @Test
    void aRequestWithoutATimeoutStopsAtTheConfiguredDefault() {
        QueryService instance = otherInstance(queryServiceEngine, 4, Duration.ofNanos(1));
        try {
            QueryService.Answer immediate = instance.submit(asterixRequest("SELECT * FROM " + users + ";",
                    QueryServiceRequest.Mode.IMMEDIATE, null, null), "http://localhost:" + port);
            assertThat(immediate.httpStatus()).isEqualTo(200);
            assertThat(immediate.body()).containsEntry("status", "timeout").containsEntry("errors",
                    List.of(QueryServiceError.of("ASX0039", "Request timed out and will be cancelled")));

            QueryService.Answer ownTimeout = instance.submit(asterixRequest("SELECT * FROM " + users + ";",
                    QueryServiceRequest.Mode.IMMEDIATE, null, Duration.ofSeconds(30)), "http://localhost:" + port);
            assertThat(ownTimeout.body()).as("the request's own timeout wins").containsEntry("status", "success");
        } finally {
            instance.destroy();
        }
        // this instance's defaults (55s, 1h) leave ordinary requests alone
        assertThat(body(form("statement", "SELECT * FROM " + users + ";"))).containsEntry("status", "success");
    }

    @Test
    void cancellingOnAnotherInstanceStopsAnImmediateRequestRunningHere() throws Exception {
        String big = bigStream();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // started before the request, so that the cancel lands well within the scan (~1 s)
        QueryService elsewhere = otherInstance(null, 16, Duration.ZERO);
        java.util.concurrent.CompletableFuture<HttpResponse<String>> immediate;
        try {
            immediate = java.util.concurrent.CompletableFuture.supplyAsync(() -> form("statement", "SELECT V FROM "
                    + big + " WHERE V < 0;", "client_context_id", "immediate-elsewhere"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (jdbc.sql("SELECT count(*) FROM query_service_result WHERE client_context_id ="
                    + " 'immediate-elsewhere' AND status = 'running'").query(Integer.class).single() == 0) {
                assertThat(System.currentTimeMillis()).as("the running request is listed in PostgreSQL")
                        .isLessThan(deadline);
                assertThat(immediate).isNotDone();
                Thread.sleep(10);
            }
            assertThat(elsewhere.cancel("immediate-elsewhere")).as("found through PostgreSQL").isTrue();
        } finally {
            elsewhere.destroy();
        }
        // the instance running it learns it at its next heartbeat (every queryservice.heartbeat-interval)
        queryService.heartbeat();

        HttpResponse<String> response = immediate.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(body(response)).containsEntry("status", "fatal");
        assertThat(response.body()).contains("ASX0041").contains("has been cancelled");
        assertThat(jdbc.sql("SELECT count(*) FROM query_service_result WHERE client_context_id ="
                + " 'immediate-elsewhere'").query(Integer.class).single()).as("unlisted once it ended").isZero();
        assertThat(request("DELETE", "/admin/requests/running?client_context_id=immediate-elsewhere", null, null)
                .statusCode()).isEqualTo(404);
    }

    @Test
    void aRunningRequestWhoseInstanceStoppedIsReportedFailed() {
        String handle = "lost-" + System.nanoTime();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("INSERT INTO query_service_result (handle, request_id, status, reads_left, expires_at, heartbeat_at)"
                + " VALUES (?, 'r', 'running', 1, now() + interval '1 hour', now() - interval '1 minute')")
                .param(handle).update();

        HttpResponse<String> status = get("/query/service/status/" + handle);

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(body(status)).containsEntry("status", "failed");
        assertThat(status.body()).contains("The instance running the request stopped before it finished");
    }

    @Test
    void cancellingAnAsyncRequestRunningOnAnotherInstanceAsksItThroughPostgres() {
        String handle = "elsewhere-" + System.nanoTime();
        JdbcClient jdbc = JdbcClient.create(dataSource);
        jdbc.sql("INSERT INTO query_service_result (handle, request_id, client_context_id, status, reads_left,"
                + " expires_at) VALUES (?, 'r', 'remote-ctx', 'running', 1, now() + interval '1 hour')")
                .param(handle).update();

        assertThat(request("DELETE", "/admin/requests/running?client_context_id=remote-ctx", null, null)
                .statusCode()).isEqualTo(200);

        assertThat(jdbc.sql("SELECT cancel_requested FROM query_service_result WHERE handle = ?").param(handle)
                .query(Boolean.class).single()).isTrue();
        ResultStore store = new ResultStore(jdbc);
        assertThat(store.heartbeat(List.of(handle))).as("the owning instance learns it on its next heartbeat")
                .containsExactly(handle);
    }

    @Test
    void expiredAndUnknownHandlesAreNotFound() throws Exception {
        Map<String, Object> async = body(form("statement", "SELECT VALUE 1;", "mode", "async"));
        String statusPath = path(field(async, "handle"));
        awaitDone(statusPath);
        String handle = statusPath.substring(statusPath.lastIndexOf('/') + 1);
        JdbcClient.create(dataSource).sql("UPDATE query_service_result SET expires_at = now() - interval '1 second'"
                + " WHERE handle = ?").param(handle).update();

        assertThat(get(statusPath).statusCode()).isEqualTo(404);
        assertThat(get("/query/service/result/" + handle).statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = get("/query/service/status/no-such-handle");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown)).containsEntry("status", "fatal");
        assertThat(get("/query/service/result/no-such-handle").statusCode()).isEqualTo(404);
    }

    @Test
    void badStatementsAnswerAsterixErrors() {
        HttpResponse<String> syntax = form("statement", "SELEC 1;", "client_context_id", "c-1");
        assertThat(syntax.statusCode()).isEqualTo(400);
        Map<String, Object> body = body(syntax);
        assertThat(body.keySet()).containsExactly("requestID", "clientContextID", "errors", "status", "metrics");
        assertThat(body).containsEntry("status", "fatal");
        List<Map<String, Object>> errors = field(body, "errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).containsEntry("code", 1);
        assertThat((String) errors.get(0).get("msg")).startsWith("ASX1001: Syntax error: ");

        HttpResponse<String> unknown = form("statement", "SELECT * FROM NO_SUCH_DATASET;");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("ASX1077: Cannot find dataset with name NO_SUCH_DATASET");

        HttpResponse<String> empty = form("pretty", "true");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("No statement provided");

        HttpResponse<String> badMode = form("statement", "SELECT VALUE 1;", "mode", "later");
        assertThat(badMode.statusCode()).isEqualTo(400);
        assertThat(badMode.body()).contains("ASX0047: Invalid value for parameter 'mode'");

        HttpResponse<String> badJson = post("/query/service", "application/json", "{not json");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("No statement provided");

        HttpResponse<String> asyncSyntax = form("statement", "SELEC 1;", "mode", "async");
        assertThat(asyncSyntax.statusCode()).as("refused before it runs").isEqualTo(400);
    }

    @Test
    void readonlyRequestsCannotChangeTheMetastoreButOthersCan() {
        String stream = uniqueName("created");
        String create = "CREATE STREAM " + stream + " (V INT) WITH (KAFKA_TOPIC='" + stream
                + "', VALUE_FORMAT='JSON', PARTITIONS=1);";

        HttpResponse<String> refused = form("statement", create, "readonly", "true");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("CREATE statement is prohibited by this request");
        assertThat(ksql("DESCRIBE " + stream + ";").statusCode()).isEqualTo(400);

        HttpResponse<String> created = form("statement", create);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(body(created)).doesNotContainKey("results").containsEntry("status", "success");
        assertThat(ksql("DESCRIBE " + stream + ";").statusCode()).isEqualTo(200);

        HttpResponse<String> described = form("statement", "DESCRIBE " + stream + ";", "readonly", "true");
        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
        assertThat(results(described)).contains("@type=sourceDescription").contains("name=" + stream);
    }

    @Test
    void signatureAndPlansAreAnsweredWhenAsked() {
        Map<String, Object> body = body(form("statement", "SELECT NAME FROM " + users + " WHERE AGE > 1;",
                "signature", "false", "logical-plan", "true", "optimized-logical-plan", "true", "job", "true",
                "expression-tree", "true", "plan-format", "string", "max-warnings", "10"));
        assertThat(body).doesNotContainKey("signature");
        Map<String, Object> plans = field(body, "plans");
        assertThat(plans.keySet()).containsExactly("expressionTree", "logicalPlan", "optimizedLogicalPlan", "job");
        assertThat((String) plans.get("logicalPlan")).contains("data-scan " + users).contains("select (");
        assertThat((String) plans.get("job")).contains("Sub-topology: 0").contains(users);

        Map<String, Object> json = body(form("statement", "SELECT NAME FROM " + users + ";", "logical-plan", "true"));
        assertThat(String.valueOf((Object) field(json, "plans"))).startsWith("{logicalPlan={operator=distribute-result");

        assertThat(form("statement", "SELECT VALUE 1;", "plan-format", "xml").statusCode()).isEqualTo(400);
        assertThat(form("statement", "SELECT VALUE 1;", "max-warnings", "-1").statusCode()).isEqualTo(400);
        assertThat(form("statement", "SELECT VALUE 1;", "max-result-reads", "zero").statusCode()).isEqualTo(400);
    }

    @Test
    void aRequestPastItsTimeoutAnswersStatusTimeout() {
        HttpResponse<String> response = form("statement", "SELECT * FROM " + users + ";", "timeout", "1ns");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Object> body = body(response);
        assertThat(body).containsEntry("status", "timeout");
        assertThat(response.body()).contains("ASX0039: Request timed out and will be cancelled");

        assertThat(form("statement", "SELECT VALUE 1;", "timeout", "30s").statusCode()).isEqualTo(200);
        assertThat(form("statement", "SELECT VALUE 1;", "timeout", "soon").statusCode()).isEqualTo(400);
    }

    @Test
    void cancellingARunningRequestStopsIt() throws Exception {
        String big = bigStream();
        Map<String, Object> async = body(form("statement", "SELECT V FROM " + big + " WHERE V < 0;", "mode", "async",
                "client_context_id", "to-cancel"));
        HttpResponse<String> cancelled = request("DELETE", "/admin/requests/running?client_context_id=to-cancel",
                null, null);

        assertThat(cancelled.statusCode()).isEqualTo(200);
        Map<String, Object> status = awaitDone(path(field(async, "handle")));
        assertThat(status).containsEntry("status", "fatal");
        assertThat(status.get("errors").toString()).contains("ASX0041").contains("has been cancelled");
        assertThat(request("DELETE", "/admin/requests/running?client_context_id=to-cancel", null, null)
                .statusCode()).isEqualTo(404);
        assertThat(request("DELETE", "/admin/requests/running", null, null).statusCode()).isEqualTo(400);
        assertThat(runningRequests.cancel("to-cancel")).isFalse();

        // the same scan left to finish reads every record up to the end offsets taken when it started
        Map<String, Object> full = body(form("statement", "SELECT V FROM " + big + " WHERE V < 0;"));
        Map<String, Object> metrics = field(full, "metrics");
        assertThat(metrics).containsEntry("resultCount", 0).containsEntry("processedObjects", 400_000);
        System.out.println("Bounded scan of 400000 JSON records: elapsedTime " + metrics.get("elapsedTime"));

        // a result is held in memory whole: past the configured cap (50000 in tests) the query is refused, not run out
        HttpResponse<String> tooBig = form("statement", "SELECT V FROM " + big + ";");
        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(tooBig.body()).contains("The result has more than 50000 rows");
        assertThat(results(form("statement", "SELECT V FROM " + big + " LIMIT 3;"))).isEqualTo("[{V=0}, {V=1}, {V=2}]");
    }

    /** A stream of 400000 records (V = 0, 1, ...), made once: scanning it takes long enough to be stopped. */
    private String bigStream() {
        synchronized (QueryServiceTest.class) {
            if (bigStream != null) {
                return bigStream;
            }
            String big = uniqueName("big");
            ksql("CREATE STREAM " + big + " (V INT) WITH (KAFKA_TOPIC='" + big + "', VALUE_FORMAT='JSON',"
                    + " PARTITIONS=1);");
            Map<String, Object> config = infra().producerConfig();
            config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 400_000; i++) {
                    producer.send(new ProducerRecord<>(big, null, "{\"V\":" + i + "}"));
                }
                producer.flush();
            }
            bigStream = big;
            return big;
        }
    }

    private Map<String, Object> awaitDone(String statusPath) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        Map<String, Object> status;
        do {
            HttpResponse<String> response = get(statusPath);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            status = body(response);
            if (!"running".equals(status.get("status"))) {
                return status;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        return status;
    }

    @Test
    void groupByAggregatesOverAStreamAndATableWithHaving() {
        produce(users, List.<String[]>of(new String[] {"4", "{\"NAME\":\"ann\",\"AGE\":20}"}));
        HttpResponse<String> counted = form("statement", "SELECT NAME, COUNT(*) AS N, SUM(AGE) AS TOTAL, MAX(AGE) AS"
                + " OLDEST FROM " + users + " GROUP BY NAME;");
        assertThat(counted.statusCode()).as(counted.body()).isEqualTo(200);
        assertThat(results(counted)).isEqualTo("[{NAME=ann, N=2, TOTAL=50, OLDEST=30}, {NAME=bob, N=1, TOTAL=40,"
                + " OLDEST=40}, {NAME=cid, N=1, TOTAL=50, OLDEST=50}]");
        assertThat(body(counted).get("metrics").toString()).contains("processedObjects=4");

        HttpResponse<String> having = form("statement", "SELECT NAME, COUNT(*) AS N FROM " + users
                + " WHERE AGE < 45 GROUP BY NAME HAVING COUNT(*) > 1;");
        assertThat(having.statusCode()).as(having.body()).isEqualTo(200);
        assertThat(results(having)).isEqualTo("[{NAME=ann, N=2}]");

        String table = uniqueName("people");
        assertThat(ksql("CREATE TABLE " + table + " (ID STRING PRIMARY KEY, NAME STRING) WITH (KAFKA_TOPIC='"
                + table + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        produce(table, List.of(new String[] {"a", "{\"NAME\":\"x\"}"}, new String[] {"b", "{\"NAME\":\"x\"}"},
                new String[] {"a", "{\"NAME\":\"y\"}"}));
        HttpResponse<String> overTable = form("statement", "SELECT NAME, COUNT(*) AS N FROM " + table
                + " GROUP BY NAME;");
        assertThat(overTable.statusCode()).as(overTable.body()).isEqualTo(200);
        // the table's current rows: a is now y, b is x
        assertThat(results(overTable)).isEqualTo("[{NAME=y, N=1}, {NAME=x, N=1}]");

        HttpResponse<String> windowed = form("statement", "SELECT NAME, COUNT(*) AS N FROM " + users
                + " WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY NAME;");
        assertThat(windowed.statusCode()).as(windowed.body()).isEqualTo(400);
        assertThat(body(windowed)).containsEntry("status", "fatal");
        assertThat(windowed.body()).contains("ASX1079");
    }

    private String windowedTableOfUsers(String aggregate) throws InterruptedException {
        String table = uniqueName("windowed");
        assertThat(ksql("CREATE TABLE " + table + " AS SELECT NAME, " + aggregate + " FROM " + users
                + " WINDOW TUMBLING (SIZE 1 HOUR) GROUP BY NAME EMIT CHANGES;", Map.of("auto.offset.reset", "earliest"))
                .statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String plain = "";
        while (System.nanoTime() < deadline) {
            plain = results(form("statement", "SELECT NAME FROM " + table + ";"));
            if (plain.contains("ann") && plain.contains("bob") && plain.contains("cid")) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(plain).as("the windowed table's rows").contains("ann", "bob", "cid");
        return table;
    }

    @Test
    void joinsOfWindowedTablesReadKeyColumnsWithoutTheWindow() throws Exception {
        String counts = windowedTableOfUsers("COUNT(*) AS N");
        String oldest = windowedTableOfUsers("MAX(AGE) AS OLDEST");

        HttpResponse<String> joined = form("statement", "SELECT c.NAME, c.N, o.OLDEST FROM " + counts + " c JOIN "
                + oldest + " o ON c.NAME = o.NAME;");
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        assertThat(results(joined)).isEqualTo("[{C_NAME=ann, N=1, OLDEST=30}, {C_NAME=bob, N=1, OLDEST=40},"
                + " {C_NAME=cid, N=1, OLDEST=50}]");
    }

    @Test
    void streamTableJoinsLookEachStreamRowUpInTheTablesCurrentRows() {
        String cities = uniqueName("cities");
        assertThat(ksql("CREATE TABLE " + cities + " (NAME STRING PRIMARY KEY, CITY STRING) WITH (KAFKA_TOPIC='"
                + cities + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        produce(cities, List.of(new String[] {"ann", "{\"CITY\":\"Oslo\"}"},
                new String[] {"bob", "{\"CITY\":\"Rome\"}"}, new String[] {"ann", "{\"CITY\":\"Lima\"}"}));

        // the join column is named as ksqlDB names it in a join's result (U_NAME)
        HttpResponse<String> inner = form("statement", "SELECT u.NAME, u.AGE, c.CITY FROM " + users + " u JOIN "
                + cities + " c ON u.NAME = c.NAME;");
        assertThat(inner.statusCode()).as(inner.body()).isEqualTo(200);
        assertThat(results(inner)).isEqualTo("[{U_NAME=ann, AGE=30, CITY=Lima}, {U_NAME=bob, AGE=40, CITY=Rome}]");

        HttpResponse<String> left = form("statement", "SELECT u.NAME, c.CITY FROM " + users + " u LEFT JOIN "
                + cities + " c ON u.NAME = c.NAME WHERE u.AGE > 35;");
        assertThat(left.statusCode()).as(left.body()).isEqualTo(200);
        assertThat(results(left)).isEqualTo("[{U_NAME=bob, CITY=Rome}, {U_NAME=cid, CITY=null}]");

        HttpResponse<String> grouped = form("statement", "SELECT c.CITY, COUNT(*) AS N FROM " + users + " u JOIN "
                + cities + " c ON u.NAME = c.NAME GROUP BY c.CITY;");
        assertThat(grouped.statusCode()).as(grouped.body()).isEqualTo(200);
        assertThat(results(grouped)).isEqualTo("[{CITY=Lima, N=1}, {CITY=Rome, N=1}]");
    }

    @Test
    @SuppressWarnings("unchecked")
    void streamStreamJoinsMeetRecordsWithinTheirWindowOnRecordTimestamps() {
        String orders = uniqueName("orders");
        String shipments = uniqueName("shipments");
        for (String stream : List.of(orders, shipments)) {
            assertThat(ksql("CREATE STREAM " + stream + " (ID STRING KEY, V STRING) WITH (KAFKA_TOPIC='" + stream
                    + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        }
        long t = 1_700_000_000_000L;
        produceAt(orders, List.of(new Object[] {"o1", "{\"V\":\"pen\"}", t},
                new Object[] {"o2", "{\"V\":\"ink\"}", t}, new Object[] {"o3", "{\"V\":\"pad\"}", t}));
        // o1 ships 30s after its order, o2 5 minutes after, o4 was never ordered
        produceAt(shipments, List.of(new Object[] {"o1", "{\"V\":\"Oslo\"}", t + 30_000},
                new Object[] {"o2", "{\"V\":\"Rome\"}", t + 300_000},
                new Object[] {"o4", "{\"V\":\"Lima\"}", t}));
        String from = " FROM " + orders + " o %s JOIN " + shipments + " s WITHIN %s ON o.ID = s.ID;";

        HttpResponse<String> inner = form("statement", "SELECT o.ID, o.V AS ITEM, s.V AS CITY"
                + String.format(from, "", "1 MINUTE"));
        assertThat(inner.statusCode()).as(inner.body()).isEqualTo(200);
        assertThat(results(inner)).isEqualTo("[{O_ID=o1, ITEM=pen, CITY=Oslo}]");
        assertThat(body(inner).get("metrics").toString()).as("the first input's records").contains(
                "processedObjects=3");

        assertThat(results(form("statement", "SELECT o.ID, s.V AS CITY" + String.format(from, "LEFT", "1 MINUTE"))))
                .isEqualTo("[{O_ID=o1, CITY=Oslo}, {O_ID=o2, CITY=null}, {O_ID=o3, CITY=null}]");
        assertThat(results(form("statement", "SELECT s.ID, o.V AS ITEM" + String.format(from, "RIGHT",
                "1 MINUTE")))).isEqualTo("[{S_ID=o1, ITEM=pen}, {S_ID=o2, ITEM=null}, {S_ID=o4, ITEM=null}]");
        assertThat(results(form("statement", "SELECT o.ID AS OID, s.ID AS SID" + String.format(from, "FULL OUTER",
                "1 MINUTE")))).isEqualTo("[{OID=o1, SID=o1}, {OID=o2, SID=null}, {OID=o3, SID=null},"
                + " {OID=null, SID=o2}, {OID=null, SID=o4}]");
        // WITHIN (before, after): shipments up to 5 minutes after the order, none before it
        assertThat(results(form("statement", "SELECT o.ID, s.V AS CITY" + String.format(from, "",
                "(0 SECONDS, 5 MINUTES)")))).isEqualTo("[{O_ID=o1, CITY=Oslo}, {O_ID=o2, CITY=Rome}]");
        assertThat(results(form("statement", "SELECT o.ID, s.V AS CITY" + String.format(from, "",
                "(1 HOUR, 0 SECONDS)")))).as("o4's shipment is not o1's").isEqualTo("[]");

        HttpResponse<String> grouped = form("statement", "SELECT s.V AS CITY, COUNT(*) AS N FROM " + orders
                + " o JOIN " + shipments + " s WITHIN 1 HOUR ON o.ID = s.ID GROUP BY s.V;");
        assertThat(grouped.statusCode()).as(grouped.body()).isEqualTo(200);
        assertThat(results(grouped)).isEqualTo("[{CITY=Oslo, N=1}, {CITY=Rome, N=1}]");

        Map<String, Object> planned = body(form("statement", "SELECT o.ID, s.V AS CITY" + String.format(from,
                "LEFT", "1 MINUTE"), "logical-plan", "true", "plan-format", "string"));
        assertThat((String) ((Map<String, Object>) field(planned, "plans")).get("logicalPlan")).isEqualTo(
                "distribute result\n-- project [O_ID STRING, CITY STRING]\n---- join LEFT STREAM_STREAM (O.ID = S.ID)"
                + " within [PT1M, PT1M]\n------ data-scan " + orders + " (STREAM, topic " + orders + ")\n------ data-scan "
                + shipments + " (STREAM, topic " + shipments + ")\n");

        HttpResponse<String> noWindow = form("statement", "SELECT o.ID FROM " + orders + " o JOIN " + shipments
                + " s ON o.ID = s.ID;");
        assertThat(noWindow.statusCode()).isEqualTo(400);
        assertThat(noWindow.body()).contains("ASX1079").contains("Stream-Stream joins must have a WITHIN clause");
    }

    @Test
    void tableTableJoinsMeetTheTablesCurrentRowsOnPrimaryAndForeignKeys() {
        String left = uniqueName("accounts");
        String right = uniqueName("limits");
        String cities = uniqueName("towns");
        assertThat(ksql("CREATE TABLE " + left + " (ID STRING PRIMARY KEY, NAME STRING, TOWN STRING) WITH"
                + " (KAFKA_TOPIC='" + left + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        assertThat(ksql("CREATE TABLE " + right + " (ID STRING PRIMARY KEY, MAX_SPEND INT) WITH (KAFKA_TOPIC='"
                + right + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        assertThat(ksql("CREATE TABLE " + cities + " (ID STRING PRIMARY KEY, TOWN_NAME STRING) WITH (KAFKA_TOPIC='"
                + cities + "', VALUE_FORMAT='JSON', PARTITIONS=1);").statusCode()).isEqualTo(200);
        produce(left, List.of(new String[] {"a", "{\"NAME\":\"ann\",\"TOWN\":\"t1\"}"},
                new String[] {"b", "{\"NAME\":\"bob\",\"TOWN\":\"t9\"}"},
                new String[] {"c", "{\"NAME\":\"cid\",\"TOWN\":\"t1\"}"},
                new String[] {"a", "{\"NAME\":\"amy\",\"TOWN\":\"t2\"}"}, new String[] {"c", null}));
        produce(right, List.of(new String[] {"a", "{\"MAX_SPEND\":10}"}, new String[] {"d", "{\"MAX_SPEND\":40}"},
                new String[] {"a", "{\"MAX_SPEND\":20}"}));
        produce(cities, List.of(new String[] {"t1", "{\"TOWN_NAME\":\"Oslo\"}"},
                new String[] {"t2", "{\"TOWN_NAME\":\"Rome\"}"}));
        String from = " FROM " + left + " l %s JOIN " + right + " r ON l.ID = r.ID;";

        // the tables' current rows: a is amy with 20, c was deleted
        HttpResponse<String> inner = form("statement", "SELECT l.ID, l.NAME, r.MAX_SPEND" + String.format(from, ""));
        assertThat(inner.statusCode()).as(inner.body()).isEqualTo(200);
        assertThat(results(inner)).isEqualTo("[{L_ID=a, NAME=amy, MAX_SPEND=20}]");
        assertThat(results(form("statement", "SELECT l.ID, r.MAX_SPEND" + String.format(from, "LEFT"))))
                .isEqualTo("[{L_ID=a, MAX_SPEND=20}, {L_ID=b, MAX_SPEND=null}]");
        assertThat(results(form("statement", "SELECT r.ID, l.NAME" + String.format(from, "RIGHT"))))
                .isEqualTo("[{R_ID=a, NAME=amy}, {R_ID=d, NAME=null}]");
        assertThat(results(form("statement", "SELECT l.ID AS LID, r.ID AS RID" + String.format(from, "FULL OUTER"))))
                .isEqualTo("[{LID=a, RID=a}, {LID=b, RID=null}, {LID=null, RID=d}]");

        // a foreign-key join: each account meets its town's current row
        HttpResponse<String> foreign = form("statement", "SELECT l.NAME, t.TOWN_NAME FROM " + left + " l JOIN "
                + cities + " t ON l.TOWN = t.ID;");
        assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(200);
        assertThat(results(foreign)).isEqualTo("[{NAME=amy, TOWN_NAME=Rome}]");
        assertThat(results(form("statement", "SELECT l.NAME, t.TOWN_NAME FROM " + left + " l LEFT JOIN " + cities
                + " t ON l.TOWN = t.ID;"))).isEqualTo("[{NAME=amy, TOWN_NAME=Rome}, {NAME=bob, TOWN_NAME=null}]");

        // three tables: each join's rows go on to the next
        HttpResponse<String> threeWay = form("statement", "SELECT l.NAME, r.MAX_SPEND, t.TOWN_NAME FROM " + left
                + " l JOIN " + right + " r ON l.ID = r.ID LEFT JOIN " + cities + " t ON l.TOWN = t.ID;");
        assertThat(threeWay.statusCode()).as(threeWay.body()).isEqualTo(200);
        assertThat(results(threeWay)).isEqualTo("[{NAME=amy, MAX_SPEND=20, TOWN_NAME=Rome}]");

        HttpResponse<String> fullForeign = form("statement", "SELECT l.NAME FROM " + left + " l FULL OUTER JOIN "
                + cities + " t ON l.TOWN = t.ID;");
        assertThat(fullForeign.statusCode()).isEqualTo(400);
        assertThat(fullForeign.body()).contains("ASX1079").contains("foreign-key table-table joins only support");
    }
}
