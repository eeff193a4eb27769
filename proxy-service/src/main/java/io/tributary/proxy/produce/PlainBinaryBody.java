package io.tributary.proxy.produce;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.BinaryNode;
import tools.jackson.databind.node.NullNode;

/**
 * Reads the plainest binary produce body, {@code {"records":[{"key":"<base64>","value":"<base64>",
 * "partition":n},...]}}, straight from its bytes with the JDK's base64 decoder: in Jackson, decoding base64 was
 * a third of the produce path's CPU. Answers exactly what {@link ProduceRequestDeserializer} would, or null for
 * anything less plain (other fields, escapes, unpadded or MIME base64, null records, odd numbers, trailing
 * content), which then goes to Jackson, its errors included.
 */
final class PlainBinaryBody {

    private static final Base64.Decoder BASE64 = Base64.getDecoder();
    private static final byte[] RECORDS = bytes("records");
    private static final byte[] KEY = bytes("key");
    private static final byte[] VALUE = bytes("value");
    private static final byte[] PARTITION = bytes("partition");
    private static final byte[] NULL = bytes("null");

    private final byte[] body;
    private int at;

    private PlainBinaryBody(byte[] body) {
        this.body = body;
    }

    /** The request, or null when the body is not of the plain shape. */
    static ProduceRequest parse(byte[] body) {
        try {
            return new PlainBinaryBody(body).request();
        } catch (NotPlain | IllegalArgumentException e) {
            return null;
        }
    }

    private ProduceRequest request() {
        expect('{');
        List<ProduceRequest.Record> records = null;
        if (!closes('}')) {
            do {
                if (!name(RECORDS)) {
                    throw NotPlain.INSTANCE;
                }
                expect(':');
                records = records();
            } while (more('}'));
        }
        skipWhitespace();
        if (at != body.length) {
            throw NotPlain.INSTANCE;
        }
        return new ProduceRequest(null, null, null, null, records);
    }

    private List<ProduceRequest.Record> records() {
        skipWhitespace();
        if (literal(NULL)) {
            return null;
        }
        expect('[');
        List<ProduceRequest.Record> records = new ArrayList<>();
        if (!closes(']')) {
            do {
                records.add(record());
            } while (more(']'));
        }
        return records;
    }

    private ProduceRequest.Record record() {
        expect('{');
        JsonNode key = null;
        JsonNode value = null;
        Integer partition = null;
        if (!closes('}')) {
            do {
                if (name(KEY)) {
                    expect(':');
                    key = data();
                } else if (name(VALUE)) {
                    expect(':');
                    value = data();
                } else if (name(PARTITION)) {
                    expect(':');
                    partition = partition();
                } else {
                    throw NotPlain.INSTANCE;
                }
            } while (more('}'));
        }
        return new ProduceRequest.Record(key, value, partition);
    }

    /** A padded base64 string of the basic alphabet, or null (as Jackson reads it: a null node). */
    private JsonNode data() {
        skipWhitespace();
        if (literal(NULL)) {
            return NullNode.getInstance();
        }
        expect('"');
        int start = at;
        while (at < body.length && body[at] != '"') {
            byte b = body[at];
            if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '+' || b == '/'
                    || b == '=')) {
                throw NotPlain.INSTANCE;
            }
            at++;
        }
        int length = at - start;
        expect('"');
        if (length % 4 != 0) {
            throw NotPlain.INSTANCE;
        }
        ByteBuffer decoded = BASE64.decode(ByteBuffer.wrap(body, start, length));
        if (decoded.hasArray() && decoded.arrayOffset() == 0 && decoded.position() == 0
                && decoded.limit() == decoded.array().length) {
            return BinaryNode.valueOf(decoded.array());
        }
        byte[] bytes = new byte[decoded.remaining()];
        decoded.get(bytes);
        return BinaryNode.valueOf(bytes);
    }

    /** A JSON integer of up to nine digits, or null. */
    private Integer partition() {
        skipWhitespace();
        if (literal(NULL)) {
            return null;
        }
        boolean negative = at < body.length && body[at] == '-';
        if (negative) {
            at++;
        }
        int start = at;
        int value = 0;
        while (at < body.length && body[at] >= '0' && body[at] <= '9') {
            value = value * 10 + (body[at++] - '0');
        }
        int digits = at - start;
        if (digits == 0 || digits > 9 || digits > 1 && body[start] == '0'
                || at < body.length && (body[at] == '.' || body[at] == 'e' || body[at] == 'E')) {
            throw NotPlain.INSTANCE;
        }
        return negative ? -value : value;
    }

    /** Whether the next token is the field name {@code name} (consumed) or another one (not consumed). */
    private boolean name(byte[] name) {
        skipWhitespace();
        int end = at + name.length + 2;
        if (end > body.length || body[at] != '"' || body[end - 1] != '"') {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (body[at + 1 + i] != name[i]) {
                return false;
            }
        }
        at = end;
        return true;
    }

    private boolean literal(byte[] literal) {
        if (at + literal.length > body.length) {
            return false;
        }
        for (int i = 0; i < literal.length; i++) {
            if (body[at + i] != literal[i]) {
                return false;
            }
        }
        at += literal.length;
        return true;
    }

    /** Right after an opening bracket: whether {@code end} closes the container at once (consumed). */
    private boolean closes(char end) {
        skipWhitespace();
        if (at < body.length && body[at] == end) {
            at++;
            return true;
        }
        return false;
    }

    /** After a member or element: true on a comma, false on {@code end} (either consumed). */
    private boolean more(char end) {
        skipWhitespace();
        if (at < body.length && (body[at] == ',' || body[at] == end)) {
            return body[at++] == ',';
        }
        throw NotPlain.INSTANCE;
    }

    private void expect(char c) {
        skipWhitespace();
        if (at >= body.length || body[at] != c) {
            throw NotPlain.INSTANCE;
        }
        at++;
    }

    private void skipWhitespace() {
        while (at < body.length && (body[at] == ' ' || body[at] == '\n' || body[at] == '\r' || body[at] == '\t')) {
            at++;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The body is not of the plain shape: Jackson reads it. */
    private static final class NotPlain extends RuntimeException {

        static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super(null, null, false, false);
        }
    }
}
