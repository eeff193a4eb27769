package io.tributary.gateway.errors;

import io.tributary.common.errors.ErrorEnvelope;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decides what the body of an error answer becomes: a JSON object keeps all its fields and gets the missing
 * {@code error_code} and {@code message}; anything else is replaced by a plain envelope; a body that already has
 * both stays as it is, byte for byte.
 */
@Component
public final class ErrorBodyNormalizer {

    /** A longer text body is more likely a dump (a stack trace, a page) than a message meant for a client. */
    static final int MAX_TEXT_MESSAGE_LENGTH = 512;

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // extra fields are copied through the tree; keep their numbers as written
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** What happens to a body. */
    public sealed interface Outcome {
    }

    /** The body is already shaped and goes out unchanged. */
    public record Unchanged() implements Outcome {
    }

    /** The body is replaced by this JSON. */
    public record Rewritten(byte[] body) implements Outcome {
    }

    public Outcome normalize(int status, @Nullable MediaType contentType, byte[] body) {
        ObjectNode object = parseObject(body);
        if (object != null) {
            return normalizeObject(status, object);
        }
        String text = shortPlainText(contentType, body);
        return new Rewritten(envelope(status, text != null ? text : reasonPhrase(status)));
    }

    /** The envelope for an answer whose body is unreadable or too large to reshape. */
    public byte[] replacement(int status) {
        return envelope(status, reasonPhrase(status));
    }

    public byte[] envelope(int status, String message) {
        return json.writeValueAsBytes(new ErrorEnvelope(status, message));
    }

    public static String reasonPhrase(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }

    private Outcome normalizeObject(int status, ObjectNode object) {
        JsonNode code = object.get("error_code");
        JsonNode message = object.get("message");
        boolean codeShaped = code != null && code.isIntegralNumber();
        boolean messageShaped = message != null && message.isString();
        if (codeShaped && messageShaped) {
            return new Unchanged();
        }
        ObjectNode shaped = json.createObjectNode();
        shaped.set("error_code", codeShaped ? code : errorCode(status, code));
        shaped.put("message", messageShaped ? message.stringValue() : messageOf(status, object));
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!field.getKey().equals("error_code") && !field.getKey().equals("message")) {
                shaped.set(field.getKey(), field.getValue());
            }
        }
        return new Rewritten(json.writeValueAsBytes(shaped));
    }

    private static JsonNode errorCode(int status, @Nullable JsonNode code) {
        // some APIs send their numeric codes as strings; the envelope promises a number
        if (code != null && code.isString() && code.stringValue().matches("-?\\d{1,9}")) {
            return IntNode.valueOf(Integer.parseInt(code.stringValue()));
        }
        return IntNode.valueOf(status);
    }

    /** AsterixDB answers {@code {"errors": [{"code": 1, "msg": "..."}], "status": "fatal"}}. */
    private static String messageOf(int status, ObjectNode object) {
        JsonNode errors = object.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            JsonNode msg = errors.get(0).get("msg");
            if (msg != null && msg.isString()) {
                return msg.stringValue();
            }
        }
        return reasonPhrase(status);
    }

    private @Nullable ObjectNode parseObject(byte[] body) {
        if (!startsWithBrace(body)) {
            return null;
        }
        try {
            return json.readTree(body) instanceof ObjectNode object ? object : null;
        }
        catch (JacksonException notJson) {
            return null;
        }
    }

    private static boolean startsWithBrace(byte[] body) {
        for (byte b : body) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != (byte) 0xEF && b != (byte) 0xBB
                    && b != (byte) 0xBF) {
                return false;
            }
        }
        return false;
    }

    private static @Nullable String shortPlainText(@Nullable MediaType contentType, byte[] body) {
        if (body.length == 0 || body.length > MAX_TEXT_MESSAGE_LENGTH * 4) {
            return null;
        }
        if (contentType != null && !MediaType.TEXT_PLAIN.isCompatibleWith(contentType)) {
            return null;
        }
        Charset charset = contentType != null && contentType.getCharset() != null
                ? contentType.getCharset() : StandardCharsets.UTF_8;
        String text;
        try {
            text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString()
                    .strip();
        }
        catch (CharacterCodingException binary) {
            return null;
        }
        if (text.isEmpty() || text.length() > MAX_TEXT_MESSAGE_LENGTH || text.startsWith("<")) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return null;
            }
        }
        return text;
    }
}
