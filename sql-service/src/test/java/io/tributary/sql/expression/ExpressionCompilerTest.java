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
            Column.value("ADDR", new SqlType.Struct(List.of(new SqlType.Field("CITY", SqlType.STRING)))));

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
}
