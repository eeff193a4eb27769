package io.tributary.session.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.OpActionRequest;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A session's engine connection serves one call at a time. While a long statement holds it, requests that need it
 * wait at most the busy timeout and are then refused with 503 naming the statement, instead of hanging; closing an
 * operation is answered at once and its result freed when the connection is.
 */
class BusySessionTest extends SessionServiceIntegrationTest {

    @Test
    void callsNeedingTheConnectionAreRefusedWithinTheBoundWhileALongStatementRuns() {
        String session = openSession();
        String earlier = execute(session, "SELECT 1");
        String longOne = submit(session, "SELECT pg_sleep(60)", true, null);
        awaitState(longOne, Set.of("RUNNING_STATE"));

        long start = System.nanoTime();
        HttpResponse<String> metadata = postJson("/api/v1/sessions/" + session + "/operations/catalogs", "{}");
        HttpResponse<String> fetch = get("/api/v1/operations/" + earlier + "/rowset");
        HttpResponse<String> info = get("/api/v1/sessions/" + session + "/info/13");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        HttpResponse<String> closeEarlier = request("PUT", "/api/v1/operations/" + earlier, "application/json",
                json(new OpActionRequest("close")));

        assertThat(metadata.statusCode()).as(metadata.body()).isEqualTo(503);
        assertThat(JSON.readValue(metadata.body(), Envelope.class).message())
                .contains("is busy").contains(longOne);
        assertThat(fetch.statusCode()).as(fetch.body()).isEqualTo(503);
        assertThat(info.statusCode()).as(info.body()).isEqualTo(503);
        assertThat(waitedMillis).isLessThan(3 * SESSION_BUSY_TIMEOUT.toMillis() + 5_000);
        assertThat(closeEarlier.statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/operations/" + earlier + "/event").statusCode()).isEqualTo(404);

        request("PUT", "/api/v1/operations/" + longOne, "application/json", json(new OpActionRequest("cancel")));
        awaitState(longOne, Set.of("CANCELED_STATE"));
        HttpResponse<String> afterwards = postJson("/api/v1/sessions/" + session + "/operations/catalogs", "{}");
        assertThat(afterwards.statusCode()).as(afterwards.body()).isEqualTo(200);
        closeSession(session);
    }

    @Test
    void statementsQueuedBehindALongOneDoNotStarveOtherSessions() {
        String busy = openSession();
        String longOne = submit(busy, "SELECT pg_sleep(60)", true, null);
        awaitState(longOne, Set.of("RUNNING_STATE"));
        // more than the executor's 8 threads, all waiting for the busy session's connection
        List<String> queued = IntStream.range(0, 12).mapToObj(i -> submit(busy, "SELECT " + i, true, null)).toList();
        String other = openSession();

        long start = System.nanoTime();
        String quick = submit(other, "SELECT 42", true, null);
        awaitState(quick, Set.of("FINISHED_STATE"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(event(queued.get(0)).state()).isEqualTo("PENDING_STATE");
        request("PUT", "/api/v1/operations/" + longOne, "application/json", json(new OpActionRequest("cancel")));
        for (String statement : queued) {
            awaitState(statement, Set.of("FINISHED_STATE"));
        }
        assertThat(rowSet(queued.get(11), "").rowCount()).isEqualTo(1);
        closeSession(busy);
        closeSession(other);
    }
}
