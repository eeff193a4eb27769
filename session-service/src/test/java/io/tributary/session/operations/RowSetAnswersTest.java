package io.tributary.session.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.session.support.KyuubiDtos.Envelope;
import io.tributary.session.support.KyuubiDtos.ResultRowSet;
import io.tributary.session.support.SessionServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code rowset} answers the same, status, type and body, however a client spells its request: the common spelling
 * is served without Spring MVC's dispatch, anything else through the resource.
 */
class RowSetAnswersTest extends SessionServiceIntegrationTest {

    /** Accept headers clients send: the first four take the short way, the rest the resource's. */
    private static final List<String[]> ACCEPTS = List.of(new String[0],
            new String[] {"Accept", "application/json"}, new String[] {"Accept", "*/*"},
            new String[] {"Accept", "text/html, application/json"},
            new String[] {"Accept", "application/json;q=0.9"}, new String[] {"Accept", "application/json, */*;q=0.1"},
            new String[] {"Accept", "application/json", "Accept", "text/plain"});

    private String session;

    @BeforeEach
    void openSessionOnTheEngine() {
        session = openSession();
    }

    @AfterEach
    void closeIt() {
        closeSession(session);
    }

    @Test
    void aPageIsTheSameWhateverTheAcceptHeaderOrTheHandlesCase() {
        String select = execute(session, "SELECT g AS n, 'row ' || g AS label FROM generate_series(1, 10) g");
        String path = "/api/v1/operations/" + select + "/rowset?maxrows=3&offset=3";
        HttpResponse<String> first = get(path);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(ids(JSON.readValue(first.body(), ResultRowSet.class))).containsExactly(4, 5, 6);
        for (String[] accept : ACCEPTS) {
            HttpResponse<String> again = get(path, accept);
            assertThat(again.statusCode()).as(String.join(" ", accept)).isEqualTo(200);
            assertThat(again.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(again.body()).as(String.join(" ", accept)).isEqualTo(first.body());
        }
        assertThat(get(path.replace(select, select.toUpperCase(Locale.ROOT))).body()).isEqualTo(first.body());
    }

    @Test
    void refusalsAreTheSameWhateverTheAcceptHeader() {
        String select = execute(session, "SELECT 1 AS n");
        String unknown = UUID.randomUUID().toString();
        assertSameRefusal("/api/v1/operations/" + unknown + "/rowset", 404, "Invalid OperationHandle " + unknown);
        assertSameRefusal("/api/v1/operations/not-a-handle/rowset", 404, "not-a-handle");
        assertSameRefusal("/api/v1/operations/" + select + "/rowset?maxrows=many", 404, "Invalid maxrows many");
        assertSameRefusal("/api/v1/operations/" + select + "/rowset?offset=-1", 400, "offset must not be negative");
        assertSameRefusal("/api/v1/operations/" + select + "/rowset?fetchorientation=FETCH_LAST", 404,
                "FETCH_LAST is not supported");
        // a repeated parameter is bound comma-joined
        assertSameRefusal("/api/v1/operations/" + select + "/rowset?maxrows=1&maxrows=2", 404,
                "Invalid maxrows 1,2");
    }

    @Test
    void aClientThatAcceptsNoJsonIsRefusedWith406() {
        String select = execute(session, "SELECT 1 AS n");

        assertThat(get("/api/v1/operations/" + select + "/rowset", "Accept", "text/plain").statusCode())
                .isEqualTo(406);
        assertThat(get("/api/v1/operations/" + select + "/rowset", "Accept", "application/json, garbage")
                .statusCode()).isEqualTo(406);
        assertThat(ids(rowSet(select, ""))).containsExactly(1);
    }

    private void assertSameRefusal(String path, int status, String message) {
        HttpResponse<String> first = get(path);
        assertThat(first.statusCode()).as(path + ": " + first.body()).isEqualTo(status);
        Envelope envelope = JSON.readValue(first.body(), Envelope.class);
        assertThat(envelope.error_code()).isEqualTo(status);
        assertThat(envelope.message()).contains(message);
        for (String[] accept : ACCEPTS) {
            HttpResponse<String> again = get(path, accept);
            assertThat(again.statusCode()).as(path + " " + String.join(" ", accept)).isEqualTo(status);
            assertThat(again.body()).as(path + " " + String.join(" ", accept)).isEqualTo(first.body());
        }
    }
}
