package io.tributary.sql.queryservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementBindingTest {

    @Test
    void positionalAndNamedParametersBecomeLiteralsOutsideQuotes() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("1", 7);
        parameters.put("2", "it's");
        parameters.put("name", -3);

        String bound = StatementParameters.bind("SELECT '?', `$name` FROM T WHERE A = ? AND B = ? AND C - $name > $1;"
                + " -- ? $name", parameters);

        assertThat(bound).isEqualTo("SELECT '?', `$name` FROM T WHERE A = 7 AND B = 'it''s' AND C - (-3) > 7;"
                + " -- ? $name");
    }

    @Test
    void jsonValuesOfEveryKindHaveASqlLiteral() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("a", 1);
        struct.put("b", List.of(true, false));
        assertThat(StatementParameters.literal(null)).isEqualTo("NULL");
        assertThat(StatementParameters.literal(2.5)).isEqualTo("2.5E0");
        assertThat(StatementParameters.literal(new BigDecimal("-1.25"))).isEqualTo("(-1.25E0)");
        assertThat(StatementParameters.literal(5_000_000_000L)).isEqualTo("5000000000");
        assertThat(StatementParameters.literal(List.of(1, "x"))).isEqualTo("ARRAY[1, 'x']");
        assertThat(StatementParameters.literal(struct)).isEqualTo("STRUCT(`a` := 1, `b` := ARRAY[TRUE, FALSE])");
    }

    @Test
    void aParameterWithoutValueIsRefused() {
        assertThatThrownBy(() -> StatementParameters.bind("SELECT ? , ?;", Map.of("1", 1)))
                .isInstanceOf(QueryServiceException.class)
                .hasMessage("ASX1086: No value for parameter: ?");
    }

    @Test
    void formatsAreReadAsAsterixDbReadsThem() {
        assertThat(ResultFormat.parse(null, null)).contains(ResultFormat.JSON);
        assertThat(ResultFormat.parse("application/json; lossless=false", null)).contains(ResultFormat.JSON);
        assertThat(ResultFormat.parse("TEXT/CSV; header=PRESENT", null))
                .contains(new ResultFormat(ResultFormat.Kind.CSV, true));
        assertThat(ResultFormat.parse("text/csv", "present")).contains(new ResultFormat(ResultFormat.Kind.CSV, true));
        assertThat(ResultFormat.parse("text/csv;header=maybe", null)).isEmpty();
        assertThat(ResultFormat.parse("application/x-adm", null).orElseThrow().typeField())
                .contains("application/x-adm");
        assertThat(ResultFormat.parse("text/html", null)).isEmpty();
    }

    @Test
    void durationsArePrintedWithAsterixDbUnits() {
        assertThat(QueryService.formatNanos(0)).isEqualTo("0ns");
        assertThat(QueryService.formatNanos(12_500)).isEqualTo("12.5µs");
        assertThat(QueryService.formatNanos(20_263_371)).isEqualTo("20.263371ms");
        assertThat(QueryService.formatNanos(1_200_000_000)).isEqualTo("1.2s");
    }
}
