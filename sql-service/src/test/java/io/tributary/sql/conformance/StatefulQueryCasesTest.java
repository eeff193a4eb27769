package io.tributary.sql.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Stateful queries beyond the core QTT selection, written as QTT cases and run through {@link QttRunner} on Kafka
 * Streams' TopologyTestDriver: session windows, EMIT FINAL, stream-stream, table-table and foreign-key joins.
 */
class StatefulQueryCasesTest {

    private static QttRunner.Result run(String json) {
        @SuppressWarnings("unchecked")
        Map<String, Object> testCase = QttRunner.JSON.readValue(json, Map.class);
        return new QttRunner().runCase((String) testCase.get("name"), testCase, "");
    }

    @Test
    void sessionWindowsMergeAndDeleteTheSessionsTheyReplace() {
        QttRunner.Result result = run("""
                {"name": "session", "statements": [
                  "CREATE STREAM S (K STRING KEY, V INT) WITH (kafka_topic='s', value_format='JSON');",
                  "CREATE TABLE T AS SELECT K, COUNT(*) AS C FROM S WINDOW SESSION (30 SECONDS) GROUP BY K;"],
                 "inputs": [
                  {"topic": "s", "key": "k", "value": {"V": 1}, "timestamp": 0},
                  {"topic": "s", "key": "k", "value": {"V": 2}, "timestamp": 10000},
                  {"topic": "s", "key": "k", "value": {"V": 3}, "timestamp": 100000}],
                 "outputs": [
                  {"topic": "T", "key": "k", "value": {"C": 1}, "timestamp": 0,
                   "window": {"start": 0, "end": 0, "type": "session"}},
                  {"topic": "T", "key": "k", "value": null, "timestamp": 0,
                   "window": {"start": 0, "end": 0, "type": "session"}},
                  {"topic": "T", "key": "k", "value": {"C": 2}, "timestamp": 10000,
                   "window": {"start": 0, "end": 10000, "type": "session"}},
                  {"topic": "T", "key": "k", "value": {"C": 1}, "timestamp": 100000,
                   "window": {"start": 100000, "end": 100000, "type": "session"}}]}
                """);
        assertThat(result.passed()).as(result.detail()).isTrue();
    }

    @Test
    void emitFinalWritesOnlyClosedWindows() {
        QttRunner.Result result = run("""
                {"name": "emit final", "statements": [
                  "CREATE STREAM S (K STRING KEY, V INT) WITH (kafka_topic='s', value_format='JSON');",
                  "CREATE TABLE T AS SELECT K, SUM(V) AS TOTAL FROM S WINDOW TUMBLING (SIZE 10 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY K EMIT FINAL;"],
                 "inputs": [
                  {"topic": "s", "key": "k", "value": {"V": 1}, "timestamp": 1000},
                  {"topic": "s", "key": "k", "value": {"V": 2}, "timestamp": 2000},
                  {"topic": "s", "key": "k", "value": {"V": 5}, "timestamp": 12000}],
                 "outputs": [
                  {"topic": "T", "key": "k", "value": {"TOTAL": 3}, "timestamp": 2000,
                   "window": {"start": 0, "end": 10000, "type": "time"}}]}
                """);
        assertThat(result.passed()).as(result.detail()).isTrue();
    }

    @Test
    void streamStreamJoinMatchesRecordsWithinTheWindowOnly() {
        QttRunner.Result result = run("""
                {"name": "stream-stream", "statements": [
                  "CREATE STREAM L (ID STRING KEY, A STRING) WITH (kafka_topic='l', value_format='JSON');",
                  "CREATE STREAM R (ID STRING KEY, B STRING) WITH (kafka_topic='r', value_format='JSON');",
                  "CREATE STREAM J AS SELECT L.ID, A, B FROM L JOIN R WITHIN 10 SECONDS ON L.ID = R.ID;"],
                 "inputs": [
                  {"topic": "l", "key": "k", "value": {"A": "a"}, "timestamp": 0},
                  {"topic": "r", "key": "k", "value": {"B": "b"}, "timestamp": 5000},
                  {"topic": "r", "key": "k", "value": {"B": "late"}, "timestamp": 20000}],
                 "outputs": [
                  {"topic": "J", "key": "k", "value": {"A": "a", "B": "b"}, "timestamp": 5000}]}
                """);
        assertThat(result.passed()).as(result.detail()).isTrue();
    }

    @Test
    void tableTableJoinFollowsUpdatesAndDeletes() {
        QttRunner.Result result = run("""
                {"name": "table-table", "statements": [
                  "CREATE TABLE A (ID STRING PRIMARY KEY, X INT) WITH (kafka_topic='a', value_format='JSON');",
                  "CREATE TABLE B (ID STRING PRIMARY KEY, Y INT) WITH (kafka_topic='b', value_format='JSON');",
                  "CREATE TABLE J AS SELECT A.ID, X, Y FROM A JOIN B ON A.ID = B.ID;"],
                 "inputs": [
                  {"topic": "a", "key": "k", "value": {"X": 1}, "timestamp": 0},
                  {"topic": "b", "key": "k", "value": {"Y": 2}, "timestamp": 1},
                  {"topic": "a", "key": "k", "value": {"X": 3}, "timestamp": 2},
                  {"topic": "b", "key": "k", "value": null, "timestamp": 3}],
                 "outputs": [
                  {"topic": "J", "key": "k", "value": {"X": 1, "Y": 2}, "timestamp": 1},
                  {"topic": "J", "key": "k", "value": {"X": 3, "Y": 2}, "timestamp": 2},
                  {"topic": "J", "key": "k", "value": null, "timestamp": 3}]}
                """);
        assertThat(result.passed()).as(result.detail()).isTrue();
    }

    @Test
    void foreignKeyJoinKeepsTheLeftTablesKey() {
        QttRunner.Result result = run("""
                {"name": "foreign key", "statements": [
                  "CREATE TABLE ORDERS (OID STRING PRIMARY KEY, CUSTID STRING, AMT INT) WITH (kafka_topic='o', value_format='JSON');",
                  "CREATE TABLE CUSTOMERS (CID STRING PRIMARY KEY, NAME STRING) WITH (kafka_topic='c', value_format='JSON');",
                  "CREATE TABLE J AS SELECT O.OID, AMT, NAME FROM ORDERS O JOIN CUSTOMERS C ON O.CUSTID = C.CID;"],
                 "inputs": [
                  {"topic": "c", "key": "c1", "value": {"NAME": "Ann"}, "timestamp": 0},
                  {"topic": "o", "key": "o1", "value": {"CUSTID": "c1", "AMT": 10}, "timestamp": 1},
                  {"topic": "c", "key": "c1", "value": {"NAME": "Anne"}, "timestamp": 2}],
                 "outputs": [
                  {"topic": "J", "key": "o1", "value": {"AMT": 10, "NAME": "Ann"}, "timestamp": 1},
                  {"topic": "J", "key": "o1", "value": {"AMT": 10, "NAME": "Anne"}, "timestamp": 2}]}
                """);
        assertThat(result.passed()).as(result.detail()).isTrue();
    }

    @Test
    void pullQueriesCanReadAnAggregateStoreAsResultRows() {
        io.tributary.sql.metastore.MetaStore metaStore = new io.tributary.sql.metastore.MetaStore();
        io.tributary.sql.parser.SqlParser parser = new io.tributary.sql.parser.SqlParser();
        io.tributary.sql.ast.Statement.Query query = ((io.tributary.sql.ast.Statement.CreateAsSelect) parser
                .parse("CREATE TABLE T AS SELECT K, COUNT(*) AS C, SUM(V) AS S FROM S GROUP BY K HAVING SUM(V) > 1"))
                .query();
        io.tributary.sql.metastore.DataSource source = new io.tributary.sql.metastore.DataSource("S",
                io.tributary.sql.ast.SourceType.STREAM, java.util.List.of(
                        io.tributary.sql.metastore.Column.key("K", io.tributary.sql.ast.SqlType.STRING),
                        io.tributary.sql.metastore.Column.value("V", io.tributary.sql.ast.SqlType.INTEGER)), "s",
                new io.tributary.sql.metastore.Formats("KAFKA", "JSON", java.util.Optional.empty(),
                        java.util.Optional.empty(), true), java.util.Optional.empty(), java.util.Optional.empty(),
                "", false);
        io.tributary.sql.queries.QueryPlan plan = new io.tributary.sql.queries.QueryPlanner().plan(query,
                name -> source, true, "T");

        assertThat(io.tributary.sql.queries.MaterializedRows.row(plan, java.util.List.of(java.util.List.of("k"), 2L,
                5, false, false), null, null, 0L)).contains(Map.of("K", "k", "C", 2L, "S", 5));
        assertThat(io.tributary.sql.queries.MaterializedRows.row(plan, java.util.List.of(java.util.List.of("k"), 1L,
                1, false, false), null, null, 0L)).isEmpty();
    }

    @Test
    void tableAggregationSubtractsTheOldRowOnUpdate() {
        QttRunner.Result result = run("""
                {"name": "table aggregate", "statements": [
                  "CREATE TABLE U (ID STRING PRIMARY KEY, REGION STRING) WITH (kafka_topic='u', value_format='JSON');",
                  "CREATE TABLE C AS SELECT REGION, COUNT(*) AS N FROM U GROUP BY REGION;"],
                 "inputs": [
                  {"topic": "u", "key": "a", "value": {"REGION": "x"}, "timestamp": 0},
                  {"topic": "u", "key": "b", "value": {"REGION": "x"}, "timestamp": 1},
                  {"topic": "u", "key": "a", "value": {"REGION": "y"}, "timestamp": 2}],
                 "outputs": [
                  {"topic": "C", "key": "x", "value": {"N": 1}, "timestamp": 0},
                  {"topic": "C", "key": "x", "value": {"N": 2}, "timestamp": 1},
                  {"topic": "C", "key": "x", "value": {"N": 1}, "timestamp": 2},
                  {"topic": "C", "key": "y", "value": {"N": 1}, "timestamp": 2}]}
                """);
        assertThat(result.passed()).as(result.detail()).isTrue();
    }
}
