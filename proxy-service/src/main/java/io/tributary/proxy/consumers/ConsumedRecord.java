package io.tributary.proxy.consumers;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * One record of a {@code records} answer; key and value as the instance's format shows them (raw bytes, written as
 * a base64 string, for binary; the JSON itself for the other formats; null when absent).
 */
@JsonPropertyOrder({"topic", "key", "value", "partition", "offset"})
@JsonSerialize(using = ConsumedRecord.Writer.class)
public record ConsumedRecord(String topic, Object key, Object value, int partition, long offset) {

    /**
     * Writes a record straight to the generator: an answer holds thousands, and binary keys and values go from
     * their bytes to base64 in the output buffer without a string in between.
     */
    static final class Writer extends ValueSerializer<ConsumedRecord> {

        @Override
        public void serialize(ConsumedRecord record, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeStartObject();
            gen.writeName("topic");
            gen.writeString(record.topic());
            gen.writeName("key");
            writeData(record.key(), gen, ctxt);
            gen.writeName("value");
            writeData(record.value(), gen, ctxt);
            gen.writeName("partition");
            gen.writeNumber(record.partition());
            gen.writeName("offset");
            gen.writeNumber(record.offset());
            gen.writeEndObject();
        }

        private static void writeData(Object data, JsonGenerator gen, SerializationContext ctxt) {
            if (data == null) {
                gen.writeNull();
            } else if (data instanceof byte[] bytes) {
                gen.writeBinary(bytes);
            } else {
                ctxt.writeValue(gen, data);
            }
        }
    }
}
