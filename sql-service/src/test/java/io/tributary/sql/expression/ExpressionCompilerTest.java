package io.tributary.sql.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.parser.SqlParser;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionCompilerTest {

    private static final List<Column> COLUMNS = List.of(Column.key("ID", SqlType.STRING),
            Column.value("N", SqlType.INTEGER), Column.value("L", SqlType.BIGINT), Column.value("D", SqlType.DOUBLE),
            Column.value("S", SqlType.STRING), Column.value("PRICE", new SqlType.Decimal(5, 2)),
            Column.value("TAGS", new SqlType.Array(SqlType.STRING)),
            Column.value("ATTRS", new SqlType.Map(SqlType.STRING, SqlType.INTEGER)),
            Column.value("ADDR", new SqlType.Struct(List.of(new SqlType.Field("CITY", SqlType.STRING)))),
            Column.value("NUMS", new SqlType.Array(SqlType.INTEGER)),
            Column.value("GRID", new SqlType.Array(new SqlType.Array(SqlType.INTEGER))),
            Column.value("NO_NUMS", new SqlType.Array(SqlType.INTEGER)));

    private final ExpressionCompiler compiler = new ExpressionCompiler(COLUMNS, List.of("T"));

    private TypedExpression compile(String expression) {
        Statement.Query query = (Statement.Query) new SqlParser().parse("SELECT " + expression + " FROM T;");
        return compiler.compile(((Statement.SingleColumn) query.select().get(0)).expression());
    }

    private Object eval(String expression) {
        Map<String, Object> row = new HashMap<>();
        row.put("ID", "k1");
        row.put("N", 7);
        row.put("L", 10L);
        row.put("D", 2.5);
        row.put("S", "Hello");
        row.put("PRICE", new BigDecimal("1.25"));
        row.put("TAGS", List.of("a", "b", "c"));
        row.put("ATTRS", Map.of("x", 1));
        row.put("ADDR", Map.of("CITY", "Oslo"));
        row.put("NULLS", null);
        row.put("NUMS", java.util.Arrays.asList(1, 2, null, 4));
        row.put("GRID", List.of(List.of(1, 2), List.of(3)));
        row.put("NO_NUMS", null);
        return compile(expression).evaluator().evaluate(row);
    }

    @Test
    void arithmeticWidensToTheWiderOperandAndIntegerDivisionTruncates() {
        assertThat(compile("N + L").type()).isEqualTo(SqlType.BIGINT);
        assertThat(eval("N + L")).isEqualTo(17L);
        assertThat(eval("N / 2")).isEqualTo(3);
        assertThat(eval("N % 4")).isEqualTo(3);
        assertThat(eval("N * D")).isEqualTo(17.5);
        assertThat(eval("N / 0")).isNull();
        assertThat(eval("PRICE * 2")).isEqualTo(new BigDecimal("2.50"));
    }

    @Test
    void mapConstructorTakesItsKeyTypeFromItsKeysAsItsValueTypeFromItsValues() {
        assertThat(compile("MAP(1 := 'cat')").type()).isEqualTo(new SqlType.Map(SqlType.INTEGER, SqlType.STRING));
        assertThat(eval("MAP(1 := 'cat')")).isEqualTo(Map.of(1, "cat"));
        assertThat(compile("MAP('a' := N, 'b' := L)").type())
                .isEqualTo(new SqlType.Map(SqlType.STRING, SqlType.BIGINT));
        assertThat(compile("MAP(N := 1, L := 2)").type()).isEqualTo(new SqlType.Map(SqlType.BIGINT, SqlType.INTEGER));
        assertThat(eval("MAP(N := 1, L := 2)")).isEqualTo(Map.of(7L, 1, 10L, 2));
        assertThatThrownBy(() -> compile("MAP(1 := 'cat') + NULL")).hasMessage("Error processing expression: "
                + "(MAP(1:='cat') + null). Arithmetic on types MAP<INTEGER, STRING> and null are not supported.");
    }

    @Test
    void comparisonsAndLogicFollowThreeValuedSql() {
        assertThat(eval("N > 5 AND S = 'Hello'")).isEqualTo(true);
        assertThat(eval("N BETWEEN 1 AND 6")).isEqualTo(false);
        assertThat(eval("S LIKE 'He%o'")).isEqualTo(true);
        assertThat(eval("S NOT LIKE '_ello'")).isEqualTo(false);
        assertThat(eval("N IN (1, 7)")).isEqualTo(true);
        assertThat(eval("CAST(NULL AS INT) > 1")).isNull();
        assertThat(eval("CAST(NULL AS BOOLEAN) OR TRUE")).isEqualTo(true);
        assertThat(eval("CAST(NULL AS BOOLEAN) AND TRUE")).isNull();
        assertThat(eval("S IS NOT NULL")).isEqualTo(true);
    }

    @Test
    void caseCastFunctionsAndCollectionAccess() {
        assertThat(eval("CASE WHEN N > 10 THEN 'big' WHEN N > 5 THEN 'mid' ELSE 'small' END")).isEqualTo("mid");
        assertThat(eval("CAST(D AS INT)")).isEqualTo(2);
        assertThat(eval("CAST('12' AS BIGINT)")).isEqualTo(12L);
        assertThat(eval("CAST('x' AS INT)")).isNull();
        assertThat(eval("UCASE(S) || '!'")).isEqualTo("HELLO!");
        assertThat(eval("SUBSTRING(S, 2, 3)")).isEqualTo("ell");
        assertThat(eval("ROUND(-1.5)")).isEqualTo(new BigDecimal("-1"));
        assertThat(eval("TAGS[1]")).isEqualTo("a");
        assertThat(eval("TAGS[-1]")).isEqualTo("c");
        assertThat(eval("TAGS[9]")).isNull();
        assertThat(eval("ATTRS['x']")).isEqualTo(1);
        assertThat(eval("ADDR->CITY")).isEqualTo("Oslo");
        assertThat(eval("T.N")).isEqualTo(7);
    }

    @Test
    void typeErrorsAndUnknownNamesAreReportedBeforeAnyRowIsRead() {
        assertThatThrownBy(() -> compile("S = 1")).isInstanceOf(ExpressionException.class)
                .hasMessage("Cannot compare S (STRING) to 1 (INTEGER) with EQUAL.");
        assertThatThrownBy(() -> compile("NOPE + 1")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("NOPE");
        assertThatThrownBy(() -> compile("X.N")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("'X' is not a valid stream/table name or alias.");
        assertThatThrownBy(() -> compile("NO_SUCH_FUNCTION(N)")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("NO_SUCH_FUNCTION");
    }

    @Test
    void transformFilterAndReduceApplyTheirLambdaToEachElementOfAnArray() {
        assertThat(compile("TRANSFORM(NUMS, x => x * 2)").type()).isEqualTo(new SqlType.Array(SqlType.INTEGER));
        assertThat(eval("TRANSFORM(NUMS, x => x * 2)")).isEqualTo(java.util.Arrays.asList(2, 4, null, 8));
        assertThat(compile("TRANSFORM(TAGS, t => LEN(t) > 0)").type())
                .isEqualTo(new SqlType.Array(SqlType.BOOLEAN));
        assertThat(eval("FILTER(NUMS, x => x > 1)")).isEqualTo(List.of(2, 4));
        assertThat(compile("REDUCE(NUMS, 0, (s, x) => s + IFNULL(x, 0))").type()).isEqualTo(SqlType.INTEGER);
        assertThat(eval("REDUCE(NUMS, 0, (s, x) => s + IFNULL(x, 0))")).isEqualTo(7);
        assertThat(eval("REDUCE(TAGS, '', (s, t) => s + t)")).isEqualTo("abc");
    }

    @Test
    void mapLambdasSeeKeyAndValueAndReduceSeesTheStateFirst() {
        assertThat(compile("TRANSFORM(ATTRS, (k, v) => LEN(k), (k, v) => v / 2.0E0)").type())
                .isEqualTo(new SqlType.Map(SqlType.INTEGER, SqlType.DOUBLE));
        assertThat(eval("TRANSFORM(ATTRS, (k, v) => UCASE(k), (k, v) => v * 10)")).isEqualTo(Map.of("X", 10));
        assertThat(eval("FILTER(ATTRS, (k, v) => v > 1)")).isEqualTo(Map.of());
        assertThat(compile("FILTER(ATTRS, (k, v) => v > 1)").type()).isEqualTo(COLUMNS.get(7).type());
        assertThat(eval("REDUCE(ATTRS, 'keys:', (s, k, v) => s + k)")).isEqualTo("keys:x");
        assertThat(eval("REDUCE(ATTRS, 100, (s, k, v) => s - v)")).isEqualTo(99);
    }

    @Test
    void lambdasNestAndUseOuterColumnsAndEnclosingParameters() {
        assertThat(eval("TRANSFORM(NUMS, x => IFNULL(x, 0) + N)")).isEqualTo(List.of(8, 9, 7, 11));
        assertThat(eval("TRANSFORM(GRID, row => TRANSFORM(row, x => x * 10))"))
                .isEqualTo(List.of(List.of(10, 20), List.of(30)));
        assertThat(eval("TRANSFORM(GRID, row => REDUCE(row, 0, (s, x) => s + x + ARRAY_LENGTH(row)))"))
                .isEqualTo(List.of(7, 4));
        assertThat(eval("FILTER(GRID, row => REDUCE(row, 0, (s, x) => s + x) > 2)")).isEqualTo(List.of(List.of(1, 2),
                List.of(3)));
        // an inner parameter hides an outer one and a column of the same name
        assertThat(eval("TRANSFORM(GRID, n => TRANSFORM(n, n => n + 1))"))
                .isEqualTo(List.of(List.of(2, 3), List.of(4)));
    }

    @Test
    void aNullCollectionGivesNullAndReduceOfNullGivesTheInitialState() {
        assertThat(eval("TRANSFORM(NO_NUMS, x => x + 1)")).isNull();
        assertThat(eval("FILTER(NO_NUMS, x => TRUE)")).isNull();
        assertThat(eval("REDUCE(NO_NUMS, 5, (s, x) => s + x)")).isEqualTo(5);
        assertThat(eval("REDUCE(NUMS, CAST(NULL AS INT), (s, x) => s + x)")).isNull();
    }

    @Test
    void lambdaMisuseIsReportedWithTheFunctionAndItsArguments() {
        assertThatThrownBy(() -> compile("TRANSFORM(NUMS, (x, y) => x)")).isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("Function 'TRANSFORM' does not accept parameters (ARRAY<INTEGER>,"
                        + " LAMBDA (X, Y) => X).");
        assertThatThrownBy(() -> compile("TRANSFORM(ATTRS, (k, v) => k)")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("TRANSFORM takes (array, x => expression) or (map,");
        assertThatThrownBy(() -> compile("REDUCE(NUMS, 0, x => x)")).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("REDUCE takes");
        assertThatThrownBy(() -> compile("FILTER(S, x => TRUE)")).isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("Function 'FILTER' does not accept parameters (STRING, LAMBDA (X) => true).");
        assertThatThrownBy(() -> compile("FILTER(NUMS, x => x + 1)")).isInstanceOf(ExpressionException.class)
                .hasMessage("The lambda function of FILTER must return BOOLEAN, but (X) => (X + 1) returns INTEGER.");
        assertThatThrownBy(() -> compile("REDUCE(NUMS, 0, (s, x) => s + 1.5)"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("must return the type of the initial state (INTEGER)");
        assertThatThrownBy(() -> compile("ABS(x => x)")).isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("Function 'ABS' does not accept a lambda function argument: (X) => X.");
        assertThatThrownBy(() -> compile("TRANSFORM(NUMS, x => y + 1)")).isInstanceOf(ExpressionException.class)
                .hasMessage("Column 'Y' cannot be resolved. Lambda variables in scope: X.");
    }

    @Test
    void lambdaFunctionsAreListedWithTheirSignatures() {
        assertThat(Functions.info("transform").category()).isEqualTo("LAMBDA");
        assertThat(FunctionSignatures.of("TRANSFORM")).extracting(v -> v.returnType() + " " + v.parameters().stream()
                .map(FunctionSignatures.Parameter::type).toList()).containsExactly(
                        "ARRAY<B> [ARRAY<A>, LAMBDA (A) => B]",
                        "MAP<C, D> [MAP<A, B>, LAMBDA (A, B) => C, LAMBDA (A, B) => D]");
        assertThat(FunctionSignatures.of("REDUCE").get(1).parameters()).extracting(FunctionSignatures.Parameter::name)
                .containsExactly("map", "initialState", "function");
        assertThat(FunctionSignatures.of("SUBSTRING").get(1).parameters()).hasSize(3);
    }
}
