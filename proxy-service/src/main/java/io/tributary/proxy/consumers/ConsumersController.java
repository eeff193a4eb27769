package io.tributary.proxy.consumers;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.tributary.proxy.errors.RestProxyError;
import io.tributary.proxy.records.EmbeddedFormat;
import io.tributary.proxy.web.RestProxyMediaTypes;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.json.JsonMapper;

/** REST Proxy v2 consumers: create and delete instances, subscribe or assign, seek, commit and read. */
@RestController
@RequestMapping(path = "/consumers/{group}", produces = {RestProxyMediaTypes.V2_JSON, RestProxyMediaTypes.KAFKA_JSON,
        RestProxyMediaTypes.JSON, RestProxyMediaTypes.BINARY_V2, RestProxyMediaTypes.JSON_V2,
        RestProxyMediaTypes.AVRO_V2, RestProxyMediaTypes.JSONSCHEMA_V2, RestProxyMediaTypes.PROTOBUF_V2})
class ConsumersController {

    private static final String INSTANCE = "/instances/{instance}";

    private final ConsumerInstanceRegistry consumers;
    private final JsonMapper json;

    ConsumersController(ConsumerInstanceRegistry consumers, JsonMapper json) {
        this.json = json;
        this.consumers = consumers;
    }

    @PostMapping(consumes = {RestProxyMediaTypes.V2_JSON, RestProxyMediaTypes.KAFKA_JSON, RestProxyMediaTypes.JSON,
            RestProxyMediaTypes.BINARY_V2, RestProxyMediaTypes.JSON_V2, RestProxyMediaTypes.AVRO_V2,
            RestProxyMediaTypes.JSONSCHEMA_V2, RestProxyMediaTypes.PROTOBUF_V2})
    ConsumerMessages.CreatedConsumer create(@PathVariable String group,
            @RequestBody(required = false) ConsumerMessages.CreateConsumer request) {
        String instanceId = consumers.create(group, request);
        // built from the request as the client sent it (X-Forwarded-* honoured), so it names the gateway
        String baseUri = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/consumers/{group}/instances/{instance}")
                .buildAndExpand(group, instanceId)
                .encode()
                .toUriString();
        return new ConsumerMessages.CreatedConsumer(instanceId, baseUri);
    }

    @DeleteMapping(INSTANCE)
    ResponseEntity<Void> delete(@PathVariable String group, @PathVariable String instance) {
        consumers.delete(group, instance);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(INSTANCE + "/subscription")
    ResponseEntity<Void> subscribe(@PathVariable String group, @PathVariable String instance,
            @RequestBody ConsumerMessages.SubscriptionRequest request) {
        consumers.subscribe(group, instance, request);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(INSTANCE + "/subscription")
    ConsumerMessages.Subscription subscription(@PathVariable String group, @PathVariable String instance) {
        return new ConsumerMessages.Subscription(consumers.subscription(group, instance));
    }

    @DeleteMapping(INSTANCE + "/subscription")
    ResponseEntity<Void> unsubscribe(@PathVariable String group, @PathVariable String instance) {
        consumers.unsubscribe(group, instance);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(INSTANCE + "/assignments")
    ResponseEntity<Void> assign(@PathVariable String group, @PathVariable String instance,
            @RequestBody ConsumerMessages.Partitions request) {
        consumers.assign(group, instance, partitions(request));
        return ResponseEntity.noContent().build();
    }

    @GetMapping(INSTANCE + "/assignments")
    ConsumerMessages.Partitions assignment(@PathVariable String group, @PathVariable String instance) {
        return new ConsumerMessages.Partitions(consumers.assignment(group, instance).stream()
                .map(tp -> new ConsumerMessages.TopicPartitionRef(tp.topic(), tp.partition()))
                .toList());
    }

    @PostMapping(INSTANCE + "/positions")
    ResponseEntity<Void> seek(@PathVariable String group, @PathVariable String instance,
            @RequestBody ConsumerMessages.Offsets request) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (ConsumerMessages.PartitionOffset offset : offsetsOf(request)) {
            offsets.put(partitionOf(offset.topic(), offset.partition()), required(offset.offset(), "offset"));
        }
        consumers.seek(group, instance, offsets);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(INSTANCE + "/positions/beginning")
    ResponseEntity<Void> seekToBeginning(@PathVariable String group, @PathVariable String instance,
            @RequestBody ConsumerMessages.Partitions request) {
        consumers.seekToBeginning(group, instance, partitions(request));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(INSTANCE + "/positions/end")
    ResponseEntity<Void> seekToEnd(@PathVariable String group, @PathVariable String instance,
            @RequestBody ConsumerMessages.Partitions request) {
        consumers.seekToEnd(group, instance, partitions(request));
        return ResponseEntity.noContent().build();
    }

    /** Commits the given offsets (each the last record consumed) or, with no body, all records read so far. */
    @PostMapping(INSTANCE + "/offsets")
    List<Object> commit(@PathVariable String group, @PathVariable String instance,
            @RequestBody(required = false) ConsumerMessages.Offsets request) {
        Map<TopicPartition, OffsetAndMetadata> offsets = null;
        if (request != null && request.offsets() != null) {
            offsets = new HashMap<>();
            for (ConsumerMessages.PartitionOffset offset : request.offsets()) {
                long value = required(offset.offset(), "offset");
                offsets.put(partitionOf(offset.topic(), offset.partition()),
                        new OffsetAndMetadata(value, offset.metadata()));
            }
        }
        consumers.commit(group, instance, offsets);
        return List.of();
    }

    /** The group's committed offsets for the partitions in the body (a GET with a body, as clients send it). */
    @GetMapping(INSTANCE + "/offsets")
    ConsumerMessages.Offsets committed(@PathVariable String group, @PathVariable String instance,
            @RequestBody(required = false) ConsumerMessages.Partitions request) {
        if (request == null) {
            throw RestProxyError.PARTITION_NOT_FOUND.exception();
        }
        Set<TopicPartition> partitions = new LinkedHashSet<>(partitions(request));
        Map<TopicPartition, OffsetAndMetadata> committed = consumers.committed(group, instance, partitions);
        return new ConsumerMessages.Offsets(partitions.stream()
                .filter(tp -> committed.get(tp) != null)
                .map(tp -> new ConsumerMessages.PartitionOffset(tp.topic(), tp.partition(),
                        committed.get(tp).offset(), committed.get(tp).metadata()))
                .toList());
    }

    /**
     * Reads records. An {@code Accept} naming an embedded format must name the instance's (else 406/40601, as on
     * the real proxy); a generic one ({@code application/vnd.kafka.v2+json}, {@code *}{@code /*}) gets the
     * instance's format.
     */
    @GetMapping(path = INSTANCE + "/records", produces = MediaType.ALL_VALUE)
    @ApiResponse(responseCode = "200", content = @Content(array = @ArraySchema(
            schema = @Schema(implementation = ConsumedRecord.class))))
    ResponseEntity<byte[]> records(@PathVariable String group, @PathVariable String instance,
            @RequestParam(defaultValue = "-1") long timeout,
            @RequestParam(name = "max_bytes", defaultValue = "-1") long maxBytes,
            @RequestHeader(name = "Accept", required = false) String accept) {
        EmbeddedFormat format = consumers.format(group, instance);
        if (!RecordsAccept.allows(accept, format)) {
            throw RestProxyError.CONSUMER_FORMAT_MISMATCH.exception();
        }
        List<ConsumedRecord> records = consumers.read(group, instance, timeout, maxBytes);
        // written whole, with its length: one write to the connection instead of one per 8 KiB of records
        ByteArrayOutputStream body = new ByteArrayOutputStream(128 + records.size() * 192);
        json.writeValue(body, records);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(format.mediaType())).body(body.toByteArray());
    }

    private static List<TopicPartition> partitions(ConsumerMessages.Partitions request) {
        if (request == null || request.partitions() == null) {
            throw RestProxyError.UNPROCESSABLE_ENTITY.exception("partitions may not be null");
        }
        return request.partitions().stream().map(p -> partitionOf(p.topic(), p.partition())).toList();
    }

    private static List<ConsumerMessages.PartitionOffset> offsetsOf(ConsumerMessages.Offsets request) {
        if (request == null || request.offsets() == null) {
            throw RestProxyError.UNPROCESSABLE_ENTITY.exception("offsets may not be null");
        }
        return request.offsets();
    }

    private static TopicPartition partitionOf(String topic, Integer partition) {
        if (topic == null || topic.isBlank()) {
            throw RestProxyError.UNPROCESSABLE_ENTITY.exception("topic may not be empty");
        }
        return new TopicPartition(topic, required(partition, "partition"));
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw RestProxyError.UNPROCESSABLE_ENTITY.exception(field + " may not be null");
        }
        return value;
    }
}
