package io.tributary.connect.connectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.errors.BadRequestException;
import org.springframework.stereotype.Component;

/**
 * Reads an offsets body ({@code {"offsets": [{"partition": {...}, "offset": {...} | null}]}}) strictly: Connect
 * rejects unknown fields (with a 500); here they are a 400 that names the field.
 */
@Component
class OffsetsBodyReader {

    private static final Set<String> ENTRY_FIELDS = Set.of("partition", "offset");

    @SuppressWarnings("unchecked")
    ConnectorOffsets read(Map<String, Object> body) {
        for (String field : body.keySet()) {
            if (!"offsets".equals(field)) {
                throw new BadRequestException("Unrecognized field \"" + field
                        + "\" in the offsets request: it has only \"offsets\"");
            }
        }
        Object offsets = body.get("offsets");
        if (offsets == null) {
            return new ConnectorOffsets(null);
        }
        if (!(offsets instanceof List<?> entries)) {
            throw new BadRequestException("\"offsets\" must be an array of {\"partition\", \"offset\"} objects");
        }
        List<ConnectorOffset> out = new ArrayList<>();
        for (Object entry : entries) {
            if (!(entry instanceof Map<?, ?> map)) {
                throw new BadRequestException("Each element of \"offsets\" must be an object with \"partition\" and \"offset\"");
            }
            for (Object field : map.keySet()) {
                if (!ENTRY_FIELDS.contains(field)) {
                    throw new BadRequestException("Unrecognized field \"" + field
                            + "\" in an offsets entry: it has only \"partition\" and \"offset\"");
                }
            }
            Object partition = map.get("partition");
            Object offset = map.get("offset");
            if (!(partition instanceof Map) || offset != null && !(offset instanceof Map)) {
                throw new BadRequestException("\"partition\" must be an object and \"offset\" an object or null");
            }
            out.add(new ConnectorOffset((Map<String, ?>) partition, (Map<String, ?>) offset));
        }
        return new ConnectorOffsets(out);
    }
}
