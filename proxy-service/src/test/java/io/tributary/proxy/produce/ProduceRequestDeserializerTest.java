package io.tributary.proxy.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.proxy.errors.RestProxyException;
import io.tributary.proxy.records.EmbeddedFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

class ProduceRequestDeserializerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Plain base64 of every length and padding, and everything a client might send that is less plain. */
    private static List<String> values() {
        Random random = new Random(3);
        List<String> values = new ArrayList<>(List.of("", "aGVsbG8=", "aGVsbG8", "aGVsbA==", "aGVsbA",
                "aGVsbA=", "aGVs bG8=", "aGVs\\nbG8=", "aGVs\\r\\nbG8=", " aGVsbG8=", "aGVsbG8= ", "a-_b", "ab+/",
                "====", "a===", "ab==cd==", "aGVsbG8=aGVs", "not base64!", "aGVsbG8=\\u00e9",
                "\\u00e9\\u00e9\\u00e9\\u00e9", "QR==", "QQ==", "QUI=", "QUJ=", "////", "++++",
                "\\/\\/\\/\\/"));
        for (int length = 0; length < 40; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            values.add(Base64.getEncoder().encodeToString(bytes));
            values.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        }
        return values;
    }

    @Test
    void binaryValuesAreReadExactlyAsJacksonDecodesBase64() {
        for (String value : values()) {
            String body = "{\"records\":[{\"key\":\"" + value + "\",\"value\":\"" + value + "\"}]}";
            byte[] expected;
            try {
                expected = jacksonDecoding(body);
            } catch (JacksonException refused) {
                assertThatThrownBy(() -> read(body)).as(value).isInstanceOf(RestProxyException.class)
                        .hasMessageContaining("records[0].key is not valid for the binary format");
                continue;
            }
            ProduceRequest.Record record = read(body).records().get(0);
            assertThat(record.key().binaryValue()).as(value).isEqualTo(expected);
            assertThat(record.value().binaryValue()).as(value).isEqualTo(expected);
        }
    }

    @Test
    void plainBase64IsDecodedToTheBytesItWasEncodedFrom() {
        byte[] bytes = new byte[100];
        new Random(7).nextBytes(bytes);
        String body = "{\"records\":[{\"value\":\"" + Base64.getEncoder().encodeToString(bytes) + "\"}]}";

        assertThat(read(body).records().get(0).value().binaryValue()).isEqualTo(bytes);
    }

    private static ProduceRequest read(String body) {
        return JSON.readerFor(ProduceRequest.class).withAttribute(ProduceRequestDeserializer.FORMAT,
                EmbeddedFormat.BINARY).readValue(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The key's bytes as Jackson's parser decodes them from its buffer (read from bytes, as requests are). */
    private static byte[] jacksonDecoding(String body) {
        try (JsonParser parser = JSON.createParser(body.getBytes(StandardCharsets.UTF_8))) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING) {
                    return parser.getBinaryValue();
                }
            }
        }
        throw new AssertionError("no string in " + body);
    }
}
