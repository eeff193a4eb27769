package io.tributary.proxy.produce;

import io.tributary.proxy.errors.RestProxyError;
import io.tributary.proxy.records.EmbeddedFormat;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a produce request in one pass over the parser: a request carries up to thousands of records, and
 * Jackson's generic record binding (a constructor call through a method handle per record) was a large share of
 * the produce path. Fields are as in {@link ProduceRequest}; unknown fields are skipped, nulls allowed anywhere.
 * When the reader's {@link #FORMAT} attribute says binary, base64 keys and values are decoded straight from the
 * parser's buffer into binary nodes (no string in between).
 */
class ProduceRequestDeserializer extends ValueDeserializer<ProduceRequest> {

    /** The reader attribute naming the request's {@link EmbeddedFormat}. */
    static final String FORMAT = "tributary.embedded-format";

    @Override
    public ProduceRequest deserialize(JsonParser p, DeserializationContext ctxt) {
        if (!p.isExpectedStartObjectToken()) {
            return ctxt.reportInputMismatch(ProduceRequest.class, "a produce request is a JSON object, got %s",
                    p.currentToken());
        }
        String keySchema = null;
        String valueSchema = null;
        Integer keySchemaId = null;
        Integer valueSchemaId = null;
        List<ProduceRequest.Record> records = null;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            switch (name) {
                case "key_schema" -> keySchema = string(p, ctxt, name);
                case "value_schema" -> valueSchema = string(p, ctxt, name);
                case "key_schema_id" -> keySchemaId = integer(p, ctxt, name);
                case "value_schema_id" -> valueSchemaId = integer(p, ctxt, name);
                case "records" -> records = records(p, ctxt);
                default -> p.skipChildren();
            }
        }
        return new ProduceRequest(keySchema, keySchemaId, valueSchema, valueSchemaId, records);
    }

    private static List<ProduceRequest.Record> records(JsonParser p, DeserializationContext ctxt) {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return ctxt.reportInputMismatch(ProduceRequest.class, "\"records\" must be an array, got %s",
                    p.currentToken());
        }
        List<ProduceRequest.Record> records = new ArrayList<>();
        boolean binary = ctxt.getAttribute(FORMAT) == EmbeddedFormat.BINARY;
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            if (token == JsonToken.VALUE_NULL) {
                records.add(null);
            } else if (token == JsonToken.START_OBJECT) {
                records.add(record(p, ctxt, binary, records.size()));
            } else {
                return ctxt.reportInputMismatch(ProduceRequest.class, "each of \"records\" must be an object, got %s",
                        token);
            }
        }
        return records;
    }

    private static ProduceRequest.Record record(JsonParser p, DeserializationContext ctxt, boolean binary,
            int index) {
        JsonNode key = null;
        JsonNode value = null;
        Integer partition = null;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            p.nextToken();
            switch (name) {
                case "key" -> key = data(p, ctxt, binary, index, name);
                case "value" -> value = data(p, ctxt, binary, index, name);
                case "partition" -> partition = integer(p, ctxt, name);
                default -> p.skipChildren();
            }
        }
        return new ProduceRequest.Record(key, value, partition);
    }

    private static JsonNode data(JsonParser p, DeserializationContext ctxt, boolean binary, int index,
            String field) {
        if (!binary || p.currentToken() != JsonToken.VALUE_STRING) {
            return ctxt.readTree(p);
        }
        try {
            return ctxt.getNodeFactory().binaryNode(p.getBinaryValue());
        } catch (JacksonException e) {
            throw RestProxyError.UNPROCESSABLE_ENTITY.exception("records[" + index + "]." + field
                    + " is not valid for the binary format: " + e.getOriginalMessage(), e);
        }
    }

    private static String string(JsonParser p, DeserializationContext ctxt, String field) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isScalarValue()) {
            return p.getValueAsString();
        }
        return ctxt.reportInputMismatch(String.class, "\"%s\" must be a string, got %s", field, token);
    }

    private static Integer integer(JsonParser p, DeserializationContext ctxt, String field) {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            try {
                return Integer.valueOf(p.getString().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        return ctxt.reportInputMismatch(Integer.class, "\"%s\" must be an integer, got %s", field, token);
    }
}
