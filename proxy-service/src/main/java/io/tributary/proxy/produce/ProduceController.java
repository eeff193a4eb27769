package io.tributary.proxy.produce;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.tributary.proxy.records.EmbeddedFormat;
import io.tributary.proxy.web.RestProxyMediaTypes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Produce: the embedded format comes from the content type ({@link EmbeddedFormat#ofContentType});
 * {@code application/vnd.kafka.v2+json} without one means binary, as on the real proxy, and plain
 * {@code application/json} is refused with 415, as there. The common requests are served by
 * {@link DirectProduceFilter}, with the same work and the types declared here.
 */
@RestController
@RequestMapping(
        consumes = {RestProxyMediaTypes.BINARY_V2, RestProxyMediaTypes.JSON_V2, RestProxyMediaTypes.AVRO_V2,
                RestProxyMediaTypes.JSONSCHEMA_V2, RestProxyMediaTypes.PROTOBUF_V2, RestProxyMediaTypes.V2_JSON},
        produces = {RestProxyMediaTypes.V2_JSON, RestProxyMediaTypes.KAFKA_JSON, RestProxyMediaTypes.JSON})
class ProduceController {

    /** The answer types declared above, in their order, as Spring MVC's mapping exposes them to error handling. */
    static final Set<MediaType> PRODUCIBLE = producible();

    private final RecordProducer producer;
    private final ProduceRequestReader requests;

    ProduceController(RecordProducer producer, ProduceRequestReader requests) {
        this.producer = producer;
        this.requests = requests;
    }

    @PostMapping("/topics/{topic}")
    @Operation(requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = ProduceRequest.class))))
    ProduceResponse produceToTopic(@PathVariable String topic,
            @RequestHeader("Content-Type") MediaType contentType, HttpServletRequest request) {
        EmbeddedFormat format = formatOf(contentType);
        return producer.produce(topic, Optional.empty(), format, requests.read(request, format));
    }

    @PostMapping("/topics/{topic}/partitions/{partition}")
    @Operation(requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = ProduceRequest.class))))
    ProduceResponse produceToPartition(@PathVariable String topic, @PathVariable int partition,
            @RequestHeader("Content-Type") MediaType contentType, HttpServletRequest request) {
        EmbeddedFormat format = formatOf(contentType);
        return producer.produce(topic, Optional.of(partition), format, requests.read(request, format));
    }

    /** The mapping only lets the consumed types through, each of which names a format. */
    private static EmbeddedFormat formatOf(MediaType contentType) {
        return EmbeddedFormat.ofContentType(contentType.getType() + "/" + contentType.getSubtype())
                .orElse(EmbeddedFormat.BINARY);
    }

    private static Set<MediaType> producible() {
        Set<MediaType> types = new LinkedHashSet<>();
        for (String type : ProduceController.class.getAnnotation(RequestMapping.class).produces()) {
            types.add(MediaType.parseMediaType(type));
        }
        return Collections.unmodifiableSet(types);
    }
}
