package io.tributary.proxy.produce;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a produce answer straight to the generator, one offsets entry per record (Jackson's generic record
 * serialization was a visible share of the produce path). The same JSON as the annotations on
 * {@link ProduceResponse} describe: every field present, null when unset.
 */
class ProduceResponseSerializer extends ValueSerializer<ProduceResponse> {

    private static final SerializedString OFFSETS = new SerializedString("offsets");
    private static final SerializedString PARTITION = new SerializedString("partition");
    private static final SerializedString OFFSET = new SerializedString("offset");
    private static final SerializedString ERROR_CODE = new SerializedString("error_code");
    private static final SerializedString ERROR = new SerializedString("error");
    private static final SerializedString KEY_SCHEMA_ID = new SerializedString("key_schema_id");
    private static final SerializedString VALUE_SCHEMA_ID = new SerializedString("value_schema_id");

    @Override
    public void serialize(ProduceResponse response, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeStartObject();
        gen.writeName(OFFSETS);
        gen.writeStartArray();
        for (ProduceResponse.RecordResult result : response.offsets()) {
            gen.writeStartObject();
            gen.writeName(PARTITION);
            writeNullable(gen, result.partition());
            gen.writeName(OFFSET);
            if (result.offset() == null) {
                gen.writeNull();
            } else {
                gen.writeNumber(result.offset().longValue());
            }
            gen.writeName(ERROR_CODE);
            writeNullable(gen, result.errorCode());
            gen.writeName(ERROR);
            if (result.error() == null) {
                gen.writeNull();
            } else {
                gen.writeString(result.error());
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeName(KEY_SCHEMA_ID);
        writeNullable(gen, response.keySchemaId());
        gen.writeName(VALUE_SCHEMA_ID);
        writeNullable(gen, response.valueSchemaId());
        gen.writeEndObject();
    }

    private static void writeNullable(JsonGenerator gen, Integer value) {
        if (value == null) {
            gen.writeNull();
        } else {
            gen.writeNumber(value.intValue());
        }
    }
}
