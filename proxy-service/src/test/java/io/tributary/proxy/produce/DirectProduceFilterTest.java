package io.tributary.proxy.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.proxy.support.ProxyIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The direct produce route answers as Spring MVC's does: each request is sent once in the form the filter serves
 * (one {@code Accept} type) and once in a form it leaves to the controller (the same type with a weight).
 */
class DirectProduceFilterTest extends ProxyIntegrationTest {

    private static final String WEIGHTED_V2 = V2 + ";q=1.0";

    @Test
    void aProducedRecordIsAnsweredAsTheControllerAnswersIt() throws Exception {
        String topic = newTopic("direct", 1);
        String body = "{\"records\":[{\"value\":\"aGVsbG8=\"}]}";

        HttpResponse<String> direct = post("/topics/" + topic, BINARY, body, "Accept", V2);
        HttpResponse<String> dispatched = post("/topics/" + topic, BINARY, body, "Accept", WEIGHTED_V2);

        for (HttpResponse<String> response : List.of(direct, dispatched)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(V2);
        }
        assertThat(direct.body()).isEqualTo("{\"offsets\":[{\"partition\":0,\"offset\":0,\"error_code\":null,"
                + "\"error\":null}],\"key_schema_id\":null,\"value_schema_id\":null}");
        assertThat(dispatched.body()).isEqualTo(direct.body().replace("\"offset\":0", "\"offset\":1"));
    }

    @Test
    void refusedRequestsAreAnsweredAsTheControllerAnswersThem() throws Exception {
        String topic = newTopic("direct-errors", 1);
        String[] bodies = {
            "{\"records\":[{\"value\":\"not base64!\"}]}",
            "{\"records\":[{\"value\":\"aGVsbG8=\",\"partition\":3}]}",
            "{\"records\":[{\"value\":\"aGVsbG8=\"}",
            "",
        };
        for (String body : bodies) {
            HttpResponse<String> direct = post("/topics/" + topic, BINARY, body, "Accept", V2);
            HttpResponse<String> dispatched = post("/topics/" + topic, BINARY, body, "Accept", WEIGHTED_V2);

            assertThat(direct.statusCode()).as(body).isIn(400, 404, 422).isEqualTo(dispatched.statusCode());
            assertThat(direct.headers().firstValue("Content-Type"))
                    .isEqualTo(dispatched.headers().firstValue("Content-Type"));
            assertThat(direct.body()).isEqualTo(dispatched.body());
        }
        assertError(post("/topics/" + topic + "/partitions/1", BINARY, "{\"records\":[{\"value\":\"aGVsbG8=\"}]}",
                "Accept", V2), 404, 40402, "Partition not found.");
        assertThat(recordCount(topic)).isZero();
    }
}
