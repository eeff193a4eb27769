package io.tributary.session.operations;

import java.util.List;

/** One page of a result: {@code {rows:[{fields:[{dataType, value}]}], rowCount}}. */
public record ResultRowSet(List<Row> rows, int rowCount) {

    public record Row(List<Field> fields) {
    }

    /** {@code dataType} is the Thrift value kind Kyuubi reports ({@code I32_VAL}, {@code STRING_VAL}, ...). */
    public record Field(String dataType, Object value) {
    }
}
