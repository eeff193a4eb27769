package io.tributary.sql.queryservice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.sql.queryservice.QueryServiceException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeoutParameterTest {

    @Test
    void timeoutsTakeAsterixDbDurationText() {
        assertThat(QueryServiceParameters.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(QueryServiceParameters.duration("100ms")).isEqualTo(Duration.ofMillis(100));
        assertThat(QueryServiceParameters.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(QueryServiceParameters.duration("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(QueryServiceParameters.duration("250us")).isEqualTo(Duration.ofNanos(250_000));
    }

    @Test
    void otherTextIsAnInvalidTimeout() {
        for (String bad : new String[] {"soon", "30", "s", "30s later", "-1s"}) {
            assertThatThrownBy(() -> QueryServiceParameters.duration(bad)).as(bad)
                    .isInstanceOf(QueryServiceException.class)
                    .hasMessage("ASX0047: Invalid value for parameter 'timeout'");
        }
    }
}
