package io.tributary.proxy.schemas;

import io.tributary.proxy.errors.RestProxyError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.JsonEncoder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Avro keys and values in the Confluent wire format: a zero magic byte, the schema's registry id in four bytes
 * (big-endian), then the Avro binary encoding. In REST Proxy requests and answers they are Avro's JSON encoding.
 */
@Component
public class AvroRecords {

    private static final byte MAGIC = 0;

    private final SchemaRegistry registry;
    private final JsonMapper json;
    private final Map<Integer, Schema> parsed = new ConcurrentHashMap<>();

    public AvroRecords(SchemaRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** Encodes a JSON datum with the schema; {@code 42203} when it does not match it. */
    public byte[] encode(SchemaRegistry.RegisteredSchema registered, JsonNode data) {
        if (data == null || data.isNull()) {
            return null;
        }
        Schema avro = avroSchema(registered.id());
        Object datum;
        try {
            datum = new GenericDatumReader<>(avro).read(null,
                    DecoderFactory.get().jsonDecoder(avro, json.writeValueAsString(data)));
        } catch (IOException | AvroRuntimeException e) {
            throw RestProxyError.JSON_AVRO_CONVERSION.exception(String.valueOf(e.getMessage()), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(registered.id()).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<>(avro).write(datum, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException e) {
            throw RestProxyError.JSON_AVRO_CONVERSION.exception(String.valueOf(e.getMessage()), e);
        }
        return out.toByteArray();
    }

    private Schema avroSchema(int id) {
        return parsed.computeIfAbsent(id, unused -> new Schema.Parser()
                .parse(registry.byId(id).expect(SchemaRegistry.SchemaType.AVRO).text()));
    }

    /**
     * The JSON of a wire-format Avro datum, its schema found by the id it carries.
     *
     * @throws IllegalArgumentException when the bytes are not in the wire format or do not match their schema
     */
    public JsonNode decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 5 || bytes[0] != MAGIC) {
            throw new IllegalArgumentException("not in the Confluent wire format (magic byte 0, schema id)");
        }
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        Schema schema = avroSchema(id);
        try {
            Object datum = new GenericDatumReader<>(schema).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JsonEncoder encoder = EncoderFactory.get().jsonEncoder(schema, out);
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
            return json.readTree(out.toByteArray());
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException("the Avro datum does not match schema " + id + ": " + e.getMessage(),
                    e);
        }
    }
}
