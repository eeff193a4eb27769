package io.tributary.sql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WindowBoundTextTest {

    @Test
    void fullAndPartialIsoTextWithOptionalOffsetIsEpochMillisInUtcByDefault() {
        assertThat(WindowBoundText.epochMillis("2020-02-23T23:45:12.000")).isEqualTo(1582501512000L);
        assertThat(WindowBoundText.epochMillis("2020-02-23T22:45:12.000-0100")).isEqualTo(1582501512000L);
        assertThat(WindowBoundText.epochMillis("2020-02-23T23:45:12.5Z")).isEqualTo(1582501512500L);
        assertThat(WindowBoundText.epochMillis("2020-02-23T23:45")).isEqualTo(1582501500000L);
        assertThat(WindowBoundText.epochMillis("2020-02-24T24")).isEqualTo(WindowBoundText.epochMillis("2020-02-25"));
        assertThat(WindowBoundText.epochMillis("2020")).isEqualTo(1577836800000L);
    }

    @Test
    void textThatIsNoTimestampIsAStatementError() {
        assertThatThrownBy(() -> WindowBoundText.epochMillis("yesterday"))
                .isInstanceOf(KsqlStatementException.class).hasMessageContaining("Failed to parse timestamp");
    }
}
