package io.tributary.proxy.consumers;

import io.tributary.proxy.records.EmbeddedFormat;
import io.tributary.proxy.web.RestProxyMediaTypes;
import java.util.List;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** Whether a {@code records} read's {@code Accept} header lets the instance answer in its own format. */
final class RecordsAccept {

    private static final List<String> EMBEDDED = List.of(RestProxyMediaTypes.BINARY_V2, RestProxyMediaTypes.JSON_V2,
            RestProxyMediaTypes.AVRO_V2, RestProxyMediaTypes.JSONSCHEMA_V2, RestProxyMediaTypes.PROTOBUF_V2);

    private RecordsAccept() {
    }

    static boolean allows(String accept, EmbeddedFormat format) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            return false;
        }
        MediaType own = MediaType.parseMediaType(format.mediaType());
        boolean namesEmbedded = false;
        for (MediaType type : types) {
            if (type.getQualityValue() <= 0) {
                continue;
            }
            if (own.equalsTypeAndSubtype(type)) {
                return true;
            }
            namesEmbedded |= EMBEDDED.stream().anyMatch(e -> MediaType.parseMediaType(e).equalsTypeAndSubtype(type));
        }
        return !namesEmbedded;
    }
}
