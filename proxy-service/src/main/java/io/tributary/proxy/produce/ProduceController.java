package io.tributary.proxy.produce;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.tributary.proxy.records.EmbeddedFormat;
import io.tributary.proxy.web.RestProxyMediaTypes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Produce: the embedded format comes from the content type; {@code application/vnd.kafka.v2+json} without one
 * means binary, as on the real proxy, and plain {@code application/json} is refused with 415, as there.
 */
@RestController
class ProduceController {

    private static final MediaType JSON_V2 = MediaType.parseMediaType(RestProxyMediaTypes.JSON_V2);
    private static final MediaType AVRO_V2 = MediaType.parseMediaType(RestProxyMediaTypes.AVRO_V2);
    private static final MediaType JSONSCHEMA_V2 = MediaType.parseMediaType(RestProxyMediaTypes.JSONSCHEMA_V2);
    private static final MediaType PROTOBUF_V2 = MediaType.parseMediaType(RestProxyMediaTypes.PROTOBUF_V2);

    private final RecordProducer producer;
    private final ProduceRequestReader requests;

    ProduceController(RecordProducer producer, ProduceRequestReader requests) {
        this.producer = producer;
        this.requests = requests;
    }

    @PostMapping(path = "/topics/{topic}",
            consumes = {RestProxyMediaTypes.BINARY_V2, RestProxyMediaTypes.JSON_V2, RestProxyMediaTypes.AVRO_V2,
                    RestProxyMediaTypes.JSONSCHEMA_V2, RestProxyMediaTypes.PROTOBUF_V2, RestProxyMediaTypes.V2_JSON},
            produces = {RestProxyMediaTypes.V2_JSON, RestProxyMediaTypes.KAFKA_JSON, RestProxyMediaTypes.JSON})
    @Operation(requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = ProduceRequest.class))))
    ProduceResponse produceToTopic(@PathVariable String topic,
            @RequestHeader("Content-Type") MediaType contentType, HttpServletRequest request) {
        EmbeddedFormat format = formatOf(contentType);
        return producer.produce(topic, Optional.empty(), format, requests.read(request, format));
    }

    @PostMapping(path = "/topics/{topic}/partitions/{partition}",
            consumes = {RestProxyMediaTypes.BINARY_V2, RestProxyMediaTypes.JSON_V2, RestProxyMediaTypes.AVRO_V2,
                    RestProxyMediaTypes.JSONSCHEMA_V2, RestProxyMediaTypes.PROTOBUF_V2, RestProxyMediaTypes.V2_JSON},
            produces = {RestProxyMediaTypes.V2_JSON, RestProxyMediaTypes.KAFKA_JSON, RestProxyMediaTypes.JSON})
    @Operation(requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = ProduceRequest.class))))
    ProduceResponse produceToPartition(@PathVariable String topic, @PathVariable int partition,
            @RequestHeader("Content-Type") MediaType contentType, HttpServletRequest request) {
        EmbeddedFormat format = formatOf(contentType);
        return producer.produce(topic, Optional.of(partition), format, requests.read(request, format));
    }

    private static EmbeddedFormat formatOf(MediaType contentType) {
        if (JSON_V2.equalsTypeAndSubtype(contentType)) {
            return EmbeddedFormat.JSON;
        }
        if (JSONSCHEMA_V2.equalsTypeAndSubtype(contentType)) {
            return EmbeddedFormat.JSONSCHEMA;
        }
        if (PROTOBUF_V2.equalsTypeAndSubtype(contentType)) {
            return EmbeddedFormat.PROTOBUF;
        }
        return AVRO_V2.equalsTypeAndSubtype(contentType) ? EmbeddedFormat.AVRO : EmbeddedFormat.BINARY;
    }
}
