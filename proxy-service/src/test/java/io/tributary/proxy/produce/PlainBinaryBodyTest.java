package io.tributary.proxy.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.proxy.records.EmbeddedFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

class PlainBinaryBodyTest {

    private static final ObjectReader JACKSON = JsonMapper.builder().build().readerFor(ProduceRequest.class)
            .withAttribute(ProduceRequestDeserializer.FORMAT, EmbeddedFormat.BINARY);

    private static ProduceRequest plain(String body) {
        return PlainBinaryBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ProduceRequest jackson(String body) {
        return JACKSON.readValue(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"records\":[{\"key\":\"YQ==\",\"value\":\"b25l\"},{\"value\":\"dHdv\"},{\"value\":\"\",\"partition\":2}]}",
        " {\n\t\"records\" : [ { \"partition\" : 0 , \"value\" : \"dGhyZWU=\" , \"key\" : null } ] }\r\n",
        "{\"records\":[{\"key\":null,\"value\":null,\"partition\":null}]}",
        "{\"records\":[{}]}",
        "{\"records\":[]}",
        "{\"records\":null}",
        "{}",
        "{\"records\":[{\"value\":\"+/+/\",\"partition\":-0}],\"records\":[{\"value\":\"QUJD\",\"partition\":123456789}]}"
    })
    void readsPlainBodiesExactlyAsJacksonDoes(String body) {
        ProduceRequest read = plain(body);

        assertThat(read).isNotNull().isEqualTo(jackson(body));
    }

    @Test
    void readsRandomBinaryValuesAsJacksonDoes() {
        Random random = new Random(11);
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 200; i++) {
            byte[] key = new byte[random.nextInt(40)];
            byte[] value = new byte[random.nextInt(300)];
            random.nextBytes(key);
            random.nextBytes(value);
            body.append(i == 0 ? "" : ",").append("{\"key\":\"").append(Base64.getEncoder().encodeToString(key))
                    .append("\",\"value\":\"").append(Base64.getEncoder().encodeToString(value)).append("\"}");
        }
        String text = body.append("]}").toString();

        assertThat(plain(text)).isEqualTo(jackson(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"records\":[{\"value\":\"YQ\"}]}",
        "{\"records\":[{\"value\":\"Y Q==\"}]}",
        "{\"records\":[{\"value\":\"a\\/==\"}]}",
        "{\"records\":[{\"value\":\"YQ-_\"}]}",
        "{\"records\":[{\"value\":\"YQ==YQ==\"}]}",
        "{\"records\":[{\"value\":1}]}",
        "{\"records\":[{\"value\":\"YQ==\",\"partition\":1.0}]}",
        "{\"records\":[{\"value\":\"YQ==\",\"partition\":01}]}",
        "{\"records\":[{\"value\":\"YQ==\",\"partition\":\"1\"}]}",
        "{\"records\":[{\"value\":\"YQ==\",\"partition\":1234567890}]}",
        "{\"records\":[null]}",
        "{\"records\":[{\"value\":\"YQ==\",\"topic\":\"t\"}]}",
        "{\"value_schema\":\"x\",\"records\":[]}",
        "{\"records\":[{\"value\":\"YQ==\"}]} trailing",
        "{\"records\":[{\"value\":\"YQ==\"},]}",
        "{\"records\":[{\"value\":\"YQ==\"}]",
        "[]",
        ""
    })
    void leavesEverythingLessPlainToJackson(String body) {
        assertThat(plain(body)).isNull();
    }
}
