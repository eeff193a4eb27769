package io.tributary.proxy.schemas;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SpecificationVersion;
import io.tributary.proxy.errors.RestProxyError;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Schema keys and values in the Confluent wire format: a zero magic byte, the schema's registry id in four
 * bytes, then the JSON text, written only when it validates against its schema.
 */
@Component
public class JsonSchemaRecords {

    private static final byte MAGIC = 0;
    private static final com.networknt.schema.SchemaRegistry VALIDATORS =
            com.networknt.schema.SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    private final SchemaRegistry registry;
    private final JsonMapper json;
    private final Map<Integer, Schema> compiled = new ConcurrentHashMap<>();

    public JsonSchemaRecords(SchemaRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** The schema compiled for validation; {@code 42205} when the validator cannot use it. */
    static Schema compile(String schemaText) {
        try {
            return VALIDATORS.getSchema(schemaText, InputFormat.JSON);
        } catch (RuntimeException e) {
            throw RestProxyError.INVALID_SCHEMA.exception(String.valueOf(e.getMessage()), e);
        }
    }

    /** Encodes a JSON datum that its schema accepts; {@code 42203} when it does not. */
    public byte[] encode(SchemaRegistry.RegisteredSchema schema, JsonNode data) {
        if (data == null || data.isNull()) {
            return null;
        }
        String text = json.writeValueAsString(data);
        List<Error> errors = compiled.computeIfAbsent(schema.id(), id -> compile(schema.text()))
                .validate(text, InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw RestProxyError.JSON_CONVERSION.exception(errors.stream()
                    .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schema.id()).array());
        out.writeBytes(json.writeValueAsBytes(data));
        return out.toByteArray();
    }

    /**
     * The JSON of a wire-format JSON Schema datum.
     *
     * @throws IllegalArgumentException when the bytes are not in the wire format or not JSON
     */
    public JsonNode decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < 5 || bytes[0] != MAGIC) {
            throw new IllegalArgumentException("not in the Confluent wire format (magic byte 0, schema id)");
        }
        registry.byId(ByteBuffer.wrap(bytes, 1, 4).getInt());
        try {
            return json.readTree(new String(bytes, 5, bytes.length - 5, java.nio.charset.StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the datum is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
