package io.tributary.sql.queries;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushQueriesCapTest {

    @Test
    void aPushQueryBeyondTheCapIsRefusedBeforeAnythingStarts() {
        PushQueries none = new PushQueries(null, null, "default_", 0);

        assertThatThrownBy(() -> none.start(null, List.of(), "S", Map.of(), "SELECT * FROM S EMIT CHANGES;"))
                .isInstanceOf(PushQueries.TooManyPushQueries.class)
                .hasMessage("Maximum number of push queries exceeded");
    }
}
