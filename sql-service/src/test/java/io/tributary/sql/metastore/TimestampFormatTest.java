package io.tributary.sql.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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
}
