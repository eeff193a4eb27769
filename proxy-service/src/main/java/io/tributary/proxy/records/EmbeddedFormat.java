package io.tributary.proxy.records;

import io.tributary.proxy.web.RestProxyMediaTypes;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How keys and values travel inside REST Proxy JSON: {@code binary} as base64 strings of the raw bytes,
 * {@code json} as JSON written to Kafka as its UTF-8 text, {@code avro} as Avro's JSON encoding, written to Kafka
 * in the Confluent wire format, {@code jsonschema} as JSON checked against its schema, written in that wire format
 * too, {@code protobuf} as protobuf's JSON mapping, written as protobuf binary in that wire format.
 */
public enum EmbeddedFormat {

    BINARY("binary", RestProxyMediaTypes.BINARY_V2),
    JSON("json", RestProxyMediaTypes.JSON_V2),
    /** Avro in the Confluent wire format; encoded and decoded with a schema ({@code schemas.AvroRecords}). */
    AVRO("avro", RestProxyMediaTypes.AVRO_V2),
    /** JSON checked against a JSON Schema, in the Confluent wire format ({@code schemas.JsonSchemaRecords}). */
    JSONSCHEMA("jsonschema", RestProxyMediaTypes.JSONSCHEMA_V2),
    /** Protobuf messages in the Confluent wire format, as their JSON mapping ({@code schemas.ProtobufRecords}). */
    PROTOBUF("protobuf", RestProxyMediaTypes.PROTOBUF_V2);

    private final String wireName;
    private final String mediaType;

    EmbeddedFormat(String wireName, String mediaType) {
        this.wireName = wireName;
        this.mediaType = mediaType;
    }

    public String wireName() {
        return wireName;
    }

    public String mediaType() {
        return mediaType;
    }

    /** Whether records of this format need a schema to be written and read. */
    public boolean requiresSchema() {
        return this == AVRO || this == JSONSCHEMA || this == PROTOBUF;
    }

    public static Optional<EmbeddedFormat> ofWireName(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (EmbeddedFormat format : values()) {
            if (format.wireName.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * The format a produce request's content type names, given as {@code type/subtype} without parameters (any
     * case, surrounding blanks ignored): each format's own type, and {@code application/vnd.kafka.v2+json}, which
     * names none, as binary, as on the real proxy. Empty for any other type.
     */
    public static Optional<EmbeddedFormat> ofContentType(String typeAndSubtype) {
        String wanted = typeAndSubtype.strip().toLowerCase(Locale.ROOT);
        if (wanted.equals(RestProxyMediaTypes.V2_JSON)) {
            return Optional.of(BINARY);
        }
        for (EmbeddedFormat format : values()) {
            if (format.mediaType.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /**
     * The bytes a key or value of this format stands for; {@code null} (absent or JSON null) stays null.
     *
     * @throws IllegalArgumentException when a binary datum is not a base64 string
     */
    public byte[] encode(JsonNode data, JsonMapper json) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            return null;
        }
        return switch (this) {
            case BINARY -> {
                if (data.isBinary()) {
                    // decoded from base64 as the request was read
                    yield data.binaryValue();
                }
                if (!data.isString()) {
                    throw new IllegalArgumentException("expected a base64 string, got " + data.getNodeType());
                }
                yield Base64.getDecoder().decode(data.asString());
            }
            case JSON -> json.writeValueAsBytes(data);
            case AVRO, JSONSCHEMA, PROTOBUF -> throw new UnsupportedOperationException(wireName + " needs a schema");
        };
    }

    /**
     * A key or value read from Kafka as this format shows it: the bytes (answered as base64) or the JSON it holds.
     *
     * @throws IllegalArgumentException when a json consumer meets bytes that are not JSON
     */
    public Object decode(byte[] bytes, JsonMapper json) {
        if (bytes == null) {
            return null;
        }
        return switch (this) {
            // written as base64 when the answer is (ConsumedRecord)
            case BINARY -> bytes;
            case JSON -> {
                try {
                    yield json.readTree(bytes);
                } catch (JacksonException notJson) {
                    throw new IllegalArgumentException("the record is not JSON: " + notJson.getOriginalMessage(),
                            notJson);
                }
            }
            case AVRO, JSONSCHEMA, PROTOBUF -> throw new UnsupportedOperationException(wireName + " needs a schema");
        };
    }
}
