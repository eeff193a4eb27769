package io.tributary.proxy.produce;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a produce answer straight to the generator, one offsets entry per record (Jackson's generic record
 * serialization was a visible share of the produce path). The same JSON as the annotations on
 * {@link ProduceResponse} describe: every field present, null when unset.
 */
class ProduceResponseSerializer extends ValueSerializer<ProduceResponse> {

    @Override
    public void serialize(ProduceResponse response, JsonGenerator gen, SerializationContext ctxt) {
        gen.writeStartObject();
        gen.writeName("offsets");
        gen.writeStartArray();
        for (ProduceResponse.RecordResult result : response.offsets()) {
            gen.writeStartObject();
            gen.writeName("partition");
            writeNullable(gen, result.partition());
            gen.writeName("offset");
            if (result.offset() == null) {
                gen.writeNull();
            } else {
                gen.writeNumber(result.offset().longValue());
            }
            gen.writeName("error_code");
            writeNullable(gen, result.errorCode());
            gen.writeName("error");
            if (result.error() == null) {
                gen.writeNull();
            } else {
                gen.writeString(result.error());
            }
            gen.writeEndObject();
        }
        gen.writeEndArray();
        gen.writeName("key_schema_id");
        writeNullable(gen, response.keySchemaId());
        gen.writeName("value_schema_id");
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
