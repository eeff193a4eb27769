package io.tributary.session.operations;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonSerialize;

/** One page of a result: {@code {rows:[{fields:[{dataType, value}]}], rowCount}}. */
@JsonSerialize(using = ResultRowSet.Writer.class)
public record ResultRowSet(List<Row> rows, int rowCount) {

    public record Row(List<Field> fields) {
    }

    /** {@code dataType} is the Thrift value kind Kyuubi reports ({@code I32_VAL}, {@code STRING_VAL}, ...). */
    public record Field(String dataType, Object value) {
    }

    /**
     * Writes a page straight to the generator: a page is thousands of fields, and walking them as beans cost a
     * good part of each {@code rowset} request. The JSON is the same as the records' own.
     */
    static final class Writer extends ValueSerializer<ResultRowSet> {

        private static final SerializableString ROWS = new SerializedString("rows");
        private static final SerializableString FIELDS = new SerializedString("fields");
        private static final SerializableString DATA_TYPE = new SerializedString("dataType");
        private static final SerializableString VALUE = new SerializedString("value");
        private static final Map<String, SerializableString> KINDS = new ConcurrentHashMap<>();

        @Override
        public void serialize(ResultRowSet page, JsonGenerator json, SerializationContext context) {
            json.writeStartObject();
            json.writeName(ROWS);
            json.writeStartArray();
            for (Row row : page.rows()) {
                json.writeStartObject();
                json.writeName(FIELDS);
                json.writeStartArray();
                for (Field field : row.fields()) {
                    json.writeStartObject();
                    json.writeName(DATA_TYPE);
                    json.writeString(KINDS.computeIfAbsent(field.dataType(), SerializedString::new));
                    json.writeName(VALUE);
                    writeValue(json, field.value(), context);
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberProperty("rowCount", page.rowCount());
            json.writeEndObject();
        }

        private static void writeValue(JsonGenerator json, Object value, SerializationContext context) {
            if (value == null) {
                json.writeNull();
            } else if (value instanceof String s) {
                json.writeString(s);
            } else if (value instanceof Integer i) {
                json.writeNumber(i);
            } else if (value instanceof Long l) {
                json.writeNumber(l);
            } else if (value instanceof Double d) {
                json.writeNumber(d);
            } else if (value instanceof Boolean b) {
                json.writeBoolean(b);
            } else {
                context.writeValue(json, value);
            }
        }
    }
}
