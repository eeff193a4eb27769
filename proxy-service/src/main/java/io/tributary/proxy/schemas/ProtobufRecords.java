package io.tributary.proxy.schemas;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.tributary.proxy.errors.RestProxyError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Protobuf keys and values in the Confluent wire format: a zero magic byte, the schema's registry id in four
 * bytes, the message-indexes (which message of the schema: zig-zag varints, a count then the path; the first
 * message is the single byte 0), then the protobuf binary encoding. In REST Proxy requests and answers they are
 * protobuf's JSON mapping; records are written with the schema's first message, as the real proxy does.
 */
@Component
public class ProtobufRecords {

    private static final byte MAGIC = 0;

    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    // as Confluent's proxy prints them: fields at their default value included, on one line
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
            .alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();

    private final SchemaRegistry registry;
    private final JsonMapper json;
    private final Map<Integer, Descriptors.FileDescriptor> parsed = new ConcurrentHashMap<>();

    public ProtobufRecords(SchemaRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** Encodes a JSON datum as the schema's first message; {@code 42203} when it does not match it. */
    public byte[] encode(SchemaRegistry.RegisteredSchema registered, JsonNode data) {
        if (data == null || data.isNull()) {
            return null;
        }
        Descriptors.Descriptor message = descriptor(registered.id()).getMessageTypes().get(0);
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(message);
        try {
            PARSER.merge(json.writeValueAsString(data), builder);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw RestProxyError.JSON_CONVERSION.exception(String.valueOf(e.getMessage()), e);
        }
        DynamicMessage datum = builder.build();
        ByteArrayOutputStream out = new ByteArrayOutputStream(6 + datum.getSerializedSize());
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(registered.id()).array());
        out.write(0); // message-indexes [0]: the first message
        out.writeBytes(datum.toByteArray());
        return out.toByteArray();
    }

    private Descriptors.FileDescriptor descriptor(int id) {
        return parsed.computeIfAbsent(id, unused -> ProtobufSchemas.parse(
                registry.byId(id).expect(SchemaRegistry.SchemaType.PROTOBUF).text()));
    }

    /**
     * The JSON of a wire-format protobuf datum, its schema found by the id it carries and its message by the
     * message-indexes.
     *
     * @throws IllegalArgumentException when the bytes are not in the wire format or do not match their schema
     */
    public JsonNode decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 6 || bytes[0] != MAGIC) {
            throw new IllegalArgumentException("not in the Confluent wire format (magic byte 0, schema id, "
                    + "message indexes)");
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        try {
            CodedInputStream in = CodedInputStream.newInstance(bytes, 5, bytes.length - 5);
            List<Integer> indexes = readMessageIndexes(in);
            Descriptors.Descriptor message = ProtobufSchemas.messageAt(descriptor(id), indexes);
            DynamicMessage datum = DynamicMessage.parseFrom(message, in);
            return json.readTree(PRINTER.print(datum));
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("the protobuf datum does not match schema " + id + ": "
                    + e.getMessage(), e);
        }
    }

    /** Confluent's message-indexes: a zig-zag varint count, then as many zig-zag varints; a count of 0 is [0]. */
    static List<Integer> readMessageIndexes(CodedInputStream in) throws IOException {
        int count = in.readSInt32();
        if (count == 0) {
            return List.of(0);
        }
        if (count < 0 || count > 100) {
            throw new InvalidProtocolBufferException("implausible message-indexes count " + count);
        }
        List<Integer> indexes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            indexes.add(in.readSInt32());
        }
        return indexes;
    }

    /** Confluent's message-indexes for {@code indexes}, as {@link #readMessageIndexes} reads them. */
    static byte[] messageIndexes(List<Integer> indexes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        if (indexes.equals(List.of(0))) {
            coded.writeSInt32NoTag(0);
        } else {
            coded.writeSInt32NoTag(indexes.size());
            for (int index : indexes) {
                coded.writeSInt32NoTag(index);
            }
        }
        coded.flush();
        return out.toByteArray();
    }
}
