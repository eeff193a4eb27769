package io.tributary.proxy.consumers;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.UTF8JsonGenerator;
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

        private static final SerializedString TOPIC = new SerializedString("topic");
        private static final SerializedString KEY = new SerializedString("key");
        private static final SerializedString VALUE = new SerializedString("value");
        private static final SerializedString PARTITION = new SerializedString("partition");
        private static final SerializedString OFFSET = new SerializedString("offset");
        private static final int MAX_TOPICS = 10_000;

        /** Topic names already escaped and encoded: every record of an answer repeats its topic's. */
        private final Map<String, SerializedString> topics = new ConcurrentHashMap<>();

        @Override
        public void serialize(ConsumedRecord record, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeStartObject();
            gen.writeName(TOPIC);
            gen.writeString(topic(record.topic()));
            gen.writeName(KEY);
            writeData(record.key(), gen, ctxt);
            gen.writeName(VALUE);
            writeData(record.value(), gen, ctxt);
            gen.writeName(PARTITION);
            gen.writeNumber(record.partition());
            gen.writeName(OFFSET);
            gen.writeNumber(record.offset());
            gen.writeEndObject();
        }

        /** The last topic written: consecutive records, in one answer and the next, nearly always share it. */
        private volatile SerializedString lastTopic = new SerializedString("");

        private SerializedString topic(String name) {
            SerializedString last = lastTopic;
            if (name.equals(last.getValue())) {
                return last;
            }
            SerializedString known = topics.get(name);
            if (known == null) {
                if (topics.size() >= MAX_TOPICS) {
                    topics.clear();
                }
                known = new SerializedString(name);
                topics.put(name, known);
            }
            lastTopic = known;
            return known;
        }

        private static void writeData(Object data, JsonGenerator gen, SerializationContext ctxt) {
            if (data == null) {
                gen.writeNull();
            } else if (data instanceof byte[] bytes) {
                writeBinary(bytes, gen);
            } else {
                ctxt.writeValue(gen, data);
            }
        }

        /**
         * {@code writeBinary(byte[])} writes Jackson's default base64, MIME without line feeds: the JDK's basic
         * encoder, whose loop ran several times faster than the generator's. Encoded there and copied in as a
         * string that needs no escaping.
         */
        private static void writeBinary(byte[] bytes, JsonGenerator gen) {
            if (gen instanceof UTF8JsonGenerator) {
                byte[] base64 = Base64.getEncoder().encode(bytes);
                gen.writeRawUTF8String(base64, 0, base64.length);
            } else {
                gen.writeBinary(bytes);
            }
        }
    }
}
