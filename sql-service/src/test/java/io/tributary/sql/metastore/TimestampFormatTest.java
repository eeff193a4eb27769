package io.tributary.sql.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.SqlType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimestampFormatTest {

    @Test
    void aPatternWithAnOffsetReadsTheInstantItNames() {
        assertThat(TimestampFormat.of("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").parse("2024-01-02T05:04:05.250+02:00"))
                .isEqualTo(Instant.parse("2024-01-02T03:04:05.250Z").toEpochMilli());
    }

    @Test
    void aPatternWithoutAZoneReadsUtcAndMissingFieldsDefaultToTheEpoch() {
        assertThat(TimestampFormat.of("yyyy-MM-dd HH:mm").parse("2024-01-02 03:04"))
                .isEqualTo(Instant.parse("2024-01-02T03:04:00Z").toEpochMilli());
        assertThat(TimestampFormat.of("yyyy-MM-dd").parse("2024-01-02"))
                .isEqualTo(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
        assertThat(TimestampFormat.of("HH:mm:ss").parse("01:00:01")).isEqualTo(3_601_000L);
    }

    @Test
    void textThatDoesNotMatchAndPatternsThatAreNoneAreRefused() {
        assertThatThrownBy(() -> TimestampFormat.of("yyyy-MM-dd").parse("02/01/2024"))
                .isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> TimestampFormat.of("yyyy-MM-dd bbb")).isInstanceOf(IllegalArgumentException.class);
    }

    private static DataSource sourceWithTimestamp(SqlType type) {
        return new DataSource("S", SourceType.STREAM, List.of(Column.key("K", SqlType.STRING),
                Column.value("TS", type)), "s", new Formats("KAFKA", "JSON", Optional.empty(), Optional.empty(), true),
                Optional.of("TS"), Optional.of("yyyy-MM-dd"), "CREATE STREAM S ...", false);
    }

    @Test
    void aFormatBesideABigintTimestampColumnIsUnusedAndANullTimestampFallsBackToTheRecordTime() {
        DataSource bigint = sourceWithTimestamp(SqlType.BIGINT);
        Map<String, Object> row = new HashMap<>();
        row.put("TS", null);
        assertThat(bigint.rowTime(row, 42L)).isEqualTo(42L);
        assertThat(bigint.rowTime(Map.of("TS", 7L), 42L)).isEqualTo(7L);
        assertThat(bigint.rowTime(Map.of(), 42L)).isEqualTo(42L);
    }

    @Test
    void aStringTimestampColumnIsReadWithTheFormatAndANullOneIsRefused() {
        DataSource string = sourceWithTimestamp(SqlType.STRING);
        assertThat(string.rowTime(Map.of("TS", "2024-01-02"), 42L))
                .isEqualTo(Instant.parse("2024-01-02T00:00:00Z").toEpochMilli());
        Map<String, Object> row = new HashMap<>();
        row.put("TS", null);
        assertThatThrownBy(() -> string.rowTime(row, 42L)).isInstanceOf(IllegalArgumentException.class);
    }
}
