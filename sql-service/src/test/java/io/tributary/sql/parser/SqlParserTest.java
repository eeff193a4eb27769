package io.tributary.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Expression.*;
import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.ast.Statement.*;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SqlParserTest {

    private final SqlParser parser = new SqlParser();

    private Expression where(String condition) {
        Query query = (Query) parser.parse("SELECT * FROM s WHERE " + condition + ";");
        return query.where().orElseThrow();
    }

    private Expression projection(String expression) {
        Query query = (Query) parser.parse("SELECT " + expression + " FROM s;");
        return ((SingleColumn) query.select().get(0)).expression();
    }

    @Test
    void splitsStatementsOnSemicolonsOutsideStringsAndComments() {
        List<String> statements = parser.split("SHOW STREAMS; -- a comment; still a comment\n"
                + "CREATE STREAM `a;b` (V STRING) WITH (KAFKA_TOPIC='x;y', VALUE_FORMAT='JSON');\n LIST TOPICS");

        assertThat(statements).containsExactly("SHOW STREAMS;",
                "CREATE STREAM `a;b` (V STRING) WITH (KAFKA_TOPIC='x;y', VALUE_FORMAT='JSON');", "LIST TOPICS;");
    }

    @Test
    void readsCreateStreamWithKeyColumnsTypesAndProperties() {
        CreateSource create = (CreateSource) parser.parse("create stream if not exists pageviews ("
                + "id bigint key, `name` varchar, tags array<string>, attrs map<string, int>, "
                + "addr struct<street string, zip int>, price decimal(10, 2)) "
                + "with (kafka_topic='pv', value_format='json', partitions=3);");

        assertThat(create.type()).isEqualTo(SourceType.STREAM);
        assertThat(create.name()).isEqualTo("PAGEVIEWS");
        assertThat(create.ifNotExists()).isTrue();
        assertThat(create.orReplace()).isFalse();
        assertThat(create.elements()).extracting(TableElement::name)
                .containsExactly("ID", "name", "TAGS", "ATTRS", "ADDR", "PRICE");
        assertThat(create.elements().get(0).role()).isEqualTo(ColumnRole.KEY);
        assertThat(create.elements().get(0).type()).isEqualTo(SqlType.BIGINT);
        assertThat(create.elements().get(2).type().toString()).isEqualTo("ARRAY<STRING>");
        assertThat(create.elements().get(3).type().toString()).isEqualTo("MAP<STRING, INTEGER>");
        assertThat(create.elements().get(4).type().toString()).isEqualTo("STRUCT<`STREET` STRING, `ZIP` INTEGER>");
        assertThat(create.elements().get(5).type()).isEqualTo(new SqlType.Decimal(10, 2));
        assertThat(create.properties().string("KAFKA_TOPIC")).hasValue("pv");
        assertThat(create.properties().get("PARTITIONS")).hasValue(3);
    }

    @Test
    void readsCreateOrReplaceTableWithPrimaryKey() {
        CreateSource create = (CreateSource) parser.parse(
                "CREATE OR REPLACE TABLE users (id STRING PRIMARY KEY, age INT) WITH (kafka_topic='u', format='JSON')");

        assertThat(create.type()).isEqualTo(SourceType.TABLE);
        assertThat(create.orReplace()).isTrue();
        assertThat(create.elements().get(0).role()).isEqualTo(ColumnRole.PRIMARY_KEY);
    }

    @Test
    void readsCreateStreamAsSelectWithAliasesFilterEmitAndLimit() {
        CreateAsSelect csas = (CreateAsSelect) parser.parse("CREATE STREAM big WITH (kafka_topic='BIG') AS "
                + "SELECT s.id, name AS n, amount * 2 FROM source s WHERE amount > 10 EMIT CHANGES LIMIT 5;");

        assertThat(csas.name()).isEqualTo("BIG");
        Query query = csas.query();
        assertThat(query.from()).isEqualTo(new Relation("SOURCE", Optional.of("S")));
        assertThat(query.select()).containsExactly(
                new SingleColumn(new ColumnRef(Optional.of("S"), "ID"), Optional.empty()),
                new SingleColumn(ColumnRef.of("NAME"), Optional.of("N")),
                new SingleColumn(new Arithmetic(ArithmeticOp.MULTIPLY, ColumnRef.of("AMOUNT"), new IntegerLiteral(2)),
                        Optional.empty()));
        assertThat(query.where()).hasValue(new Comparison(ComparisonOp.GREATER_THAN, ColumnRef.of("AMOUNT"),
                new IntegerLiteral(10)));
        assertThat(query.emit()).hasValue(EmitType.CHANGES);
        assertThat(query.limit()).hasValue(5);
    }

    @Test
    void arithmeticBindsTighterThanComparisonAndAndTighterThanOr() {
        assertThat(where("a + b * 2 = 7 OR NOT c AND d")).isEqualTo(new Logical(LogicalOp.OR,
                new Comparison(ComparisonOp.EQUAL,
                        new Arithmetic(ArithmeticOp.ADD, ColumnRef.of("A"),
                                new Arithmetic(ArithmeticOp.MULTIPLY, ColumnRef.of("B"), new IntegerLiteral(2))),
                        new IntegerLiteral(7)),
                new Logical(LogicalOp.AND, new Not(ColumnRef.of("C")), ColumnRef.of("D"))));
    }

    @Test
    void readsBetweenLikeInAndNullPredicates() {
        assertThat(where("x BETWEEN 1 AND 5 AND y NOT LIKE 'a%' ESCAPE '!'")).isEqualTo(new Logical(LogicalOp.AND,
                new Between(ColumnRef.of("X"), new IntegerLiteral(1), new IntegerLiteral(5), false),
                new Like(ColumnRef.of("Y"), new StringLiteral("a%"), Optional.of('!'), true)));
        assertThat(where("x NOT IN (1, 2)")).isEqualTo(
                new InList(ColumnRef.of("X"), List.of(new IntegerLiteral(1), new IntegerLiteral(2)), true));
        assertThat(where("x IS NOT NULL")).isEqualTo(new IsNull(ColumnRef.of("X"), true));
    }

    @Test
    void readsCaseCastFunctionsAndStructArrayMapAccess() {
        assertThat(projection("CASE WHEN a > 1 THEN 'big' ELSE 'small' END")).isEqualTo(new SearchedCase(
                List.of(new When(new Comparison(ComparisonOp.GREATER_THAN, ColumnRef.of("A"), new IntegerLiteral(1)),
                        new StringLiteral("big"))), Optional.of(new StringLiteral("small"))));
        assertThat(projection("CAST(a AS DECIMAL(4, 1))")).isEqualTo(new Cast(ColumnRef.of("A"),
                new SqlType.Decimal(4, 1)));
        assertThat(projection("substring(name, 1, 3)")).isEqualTo(new FunctionCall("SUBSTRING",
                List.of(ColumnRef.of("NAME"), new IntegerLiteral(1), new IntegerLiteral(3)), false));
        assertThat(projection("count(*)")).isEqualTo(new FunctionCall("COUNT", List.of(), true));
        assertThat(projection("addr->city")).isEqualTo(new Dereference(ColumnRef.of("ADDR"), "CITY"));
        assertThat(projection("tags[1]")).isEqualTo(new Subscript(ColumnRef.of("TAGS"), new IntegerLiteral(1)));
        assertThat(projection("attrs['k']")).isEqualTo(new Subscript(ColumnRef.of("ATTRS"), new StringLiteral("k")));
        assertThat(projection("a || 'x'")).isEqualTo(new Concat(ColumnRef.of("A"), new StringLiteral("x")));
    }

    @Test
    void readsLiteralsOfEachKind() {
        assertThat(projection("-5")).isEqualTo(new IntegerLiteral(-5));
        assertThat(projection("3000000000")).isEqualTo(new LongLiteral(3000000000L));
        assertThat(projection("1.50")).isEqualTo(new DecimalLiteral(new BigDecimal("1.50")));
        assertThat(projection("1e3")).isEqualTo(new DoubleLiteral(1000.0));
        assertThat(projection("'it''s'")).isEqualTo(new StringLiteral("it's"));
        assertThat(projection("true")).isEqualTo(new BooleanLiteral(true));
        assertThat(projection("null")).isEqualTo(new NullLiteral());
    }

    @Test
    void readsInsertValuesAndInsertIntoSelect() {
        assertThat(parser.parse("INSERT INTO s (id, name) VALUES (1, 'a');")).isEqualTo(new InsertValues("S",
                List.of("ID", "NAME"), List.of(new IntegerLiteral(1), new StringLiteral("a"))));
        InsertInto insert = (InsertInto) parser.parse("INSERT INTO t SELECT * FROM s;");
        assertThat(insert.target()).isEqualTo("T");
        assertThat(insert.query().select()).containsExactly(new AllColumns(Optional.empty()));
    }

    @Test
    void readsListsDescribeDropTerminateSetAndVariables() {
        Map<String, Statement> expected = new java.util.LinkedHashMap<>();
        expected.put("SHOW STREAMS", new ListStreams(false));
        expected.put("list tables extended", new ListTables(true));
        expected.put("SHOW ALL TOPICS", new ListTopics(true, false));
        expected.put("SHOW QUERIES", new ListQueries(false));
        expected.put("SHOW PROPERTIES", new ListProperties());
        expected.put("DESCRIBE s EXTENDED", new DescribeSource("S", true));
        expected.put("DESCRIBE STREAMS", new DescribeSources(SourceType.STREAM, false));
        expected.put("DROP TABLE IF EXISTS t DELETE TOPIC", new DropSource(SourceType.TABLE, "T", true, true));
        expected.put("TERMINATE CSAS_X_1", new Terminate(Optional.of("CSAS_X_1")));
        expected.put("TERMINATE ALL", new Terminate(Optional.empty()));
        expected.put("SET 'auto.offset.reset'='earliest'", new SetProperty("auto.offset.reset", "earliest"));
        expected.put("UNSET 'auto.offset.reset'", new UnsetProperty("auto.offset.reset"));
        expected.put("DEFINE topic = 'orders'", new DefineVariable("TOPIC", "orders"));
        expected.put("UNDEFINE topic", new UndefineVariable("TOPIC"));
        expected.forEach((sql, statement) -> assertThat(parser.parse(sql)).as(sql).isEqualTo(statement));
    }

    @Test
    void substitutesDefinedVariablesBeforeParsing() {
        String text = parser.substitute("CREATE STREAM s (v STRING) WITH (KAFKA_TOPIC='${topic}', VALUE_FORMAT='JSON');",
                Map.of("TOPIC", "orders"));

        assertThat(((CreateSource) parser.parse(text)).properties().string("KAFKA_TOPIC")).hasValue("orders");
        assertThatThrownBy(() -> parser.substitute("SELECT ${nope} FROM s;", Map.of()))
                .isInstanceOf(SqlParseException.class).hasMessageContaining("nope");
    }

    @Test
    void keywordsMayNameColumns() {
        CreateSource create = (CreateSource) parser.parse(
                "CREATE STREAM s (key STRING KEY, value INT, timestamp BIGINT) WITH (KAFKA_TOPIC='t', VALUE_FORMAT='JSON');");

        assertThat(create.elements()).extracting(TableElement::name).containsExactly("KEY", "VALUE", "TIMESTAMP");
    }

    @Test
    void reportsSyntaxErrorsWithLineAndColumn() {
        assertThatThrownBy(() -> parser.parse("SELEKT * FROM s;"))
                .isInstanceOf(SqlParseException.class).hasMessageStartingWith("line 1:1:");
        assertThatThrownBy(() -> parser.parse("CREATE STREAM s (a INT WITH (KAFKA_TOPIC='t');"))
                .isInstanceOf(SqlParseException.class).hasMessageStartingWith("line 1:24:");
        assertThatThrownBy(() -> parser.parse("CREATE STREAM s (a NOTATYPE) WITH (KAFKA_TOPIC='t');"))
                .isInstanceOf(SqlParseException.class).hasMessageContaining("Unknown type");
    }

    @Test
    void readsLambdaArgumentsAndTurnsTheirParametersIntoLambdaVariables() {
        assertThat(projection("TRANSFORM(arr, x => x + n)")).isEqualTo(new FunctionCall("TRANSFORM", List.of(
                ColumnRef.of("ARR"), new Lambda(List.of("X"), new Arithmetic(ArithmeticOp.ADD,
                        new LambdaVariable("X"), ColumnRef.of("N")))), false));
        assertThat(projection("REDUCE(m, 0, (s, k, v) => s + v)")).isEqualTo(new FunctionCall("REDUCE", List.of(
                ColumnRef.of("M"), new IntegerLiteral(0), new Lambda(List.of("S", "K", "V"), new Arithmetic(
                        ArithmeticOp.ADD, new LambdaVariable("S"), new LambdaVariable("V")))), false));
        assertThat(where("REDUCE(arr, 0, (s,x)=>s+x) > 4")).isInstanceOf(Comparison.class);
        // a parameter is visible in nested lambdas; after its lambda, the same name is a column again
        assertThat(projection("TRANSFORM(g, r => FILTER(r, x => x > r[1] AND x > x0)), r")).isEqualTo(
                new FunctionCall("TRANSFORM", List.of(ColumnRef.of("G"), new Lambda(List.of("R"), new FunctionCall(
                        "FILTER", List.of(new LambdaVariable("R"), new Lambda(List.of("X"), new Logical(LogicalOp.AND,
                                new Comparison(ComparisonOp.GREATER_THAN, new LambdaVariable("X"),
                                        new Subscript(new LambdaVariable("R"), new IntegerLiteral(1))),
                                new Comparison(ComparisonOp.GREATER_THAN, new LambdaVariable("X"),
                                        ColumnRef.of("X0"))))), false))), false));
        Query query = (Query) parser.parse("SELECT TRANSFORM(a, r => r), r FROM s;");
        assertThat(((SingleColumn) query.select().get(1)).expression()).isEqualTo(ColumnRef.of("R"));
    }

    @Test
    void rejectsLambdasOutsideFunctionArgumentsAndDuplicateOrTooManyParameters() {
        assertThatThrownBy(() -> parser.parse("SELECT x => x FROM s;")).isInstanceOf(SqlParseException.class)
                .hasMessageStartingWith("line 1:");
        assertThatThrownBy(() -> parser.parse("SELECT TRANSFORM(a, (x, x) => x) FROM s;"))
                .isInstanceOf(SqlParseException.class).hasMessageContaining("Duplicate lambda arguments");
        assertThatThrownBy(() -> parser.parse("SELECT TRANSFORM(a, (w, x, y, z) => x) FROM s;"))
                .isInstanceOf(SqlParseException.class).hasMessageContaining("at most 3 arguments");
    }
}
