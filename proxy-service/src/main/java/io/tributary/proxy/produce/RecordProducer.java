package io.tributary.proxy.produce;

import io.tributary.proxy.errors.RestProxyError;
import io.tributary.proxy.errors.RestProxyException;
import io.tributary.proxy.kafka.ClientConfigs;
import io.tributary.proxy.records.EmbeddedFormat;
import io.tributary.proxy.schemas.AvroRecords;
import io.tributary.proxy.schemas.JsonSchemaRecords;
import io.tributary.proxy.schemas.ProtobufRecords;
import io.tributary.proxy.schemas.SchemaRegistry;
import io.tributary.proxy.topics.TopicCatalog;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the records of a produce request to Kafka: all of them are encoded first (so a bad one rejects the
 * request before anything is written), then all are handed to the shared producer of their format at once, so
 * they travel in the producer's batches, and only then are their acknowledgements awaited.
 */
@Service
public class RecordProducer {

    private final TopicCatalog topics;
    private final SchemaRegistry schemas;
    private final AvroRecords avro;
    private final JsonSchemaRecords jsonSchema;
    private final ProtobufRecords protobuf;
    private final JsonMapper json;
    private final Map<String, Object> clientConfig;
    private final Duration ackTimeout;
    private final int maxRecords;
    private final int lingerMs;
    private final int batchSize;
    private final Map<EmbeddedFormat, Producer<byte[], byte[]>> producers = new EnumMap<>(EmbeddedFormat.class);

    public RecordProducer(TopicCatalog topics, SchemaRegistry schemas, AvroRecords avro,
            JsonSchemaRecords jsonSchema, ProtobufRecords protobuf, JsonMapper json, KafkaAdmin kafkaAdmin,
            @Value("${tributary.proxy.producer.ack-timeout:60s}") Duration ackTimeout,
            @Value("${tributary.proxy.producer.max-records:10000}") int maxRecords,
            @Value("${tributary.proxy.producer.linger-ms:0}") int lingerMs,
            @Value("${tributary.proxy.producer.batch-size:262144}") int batchSize) {
        this.lingerMs = lingerMs;
        this.batchSize = batchSize;
        this.maxRecords = maxRecords;
        this.protobuf = protobuf;
        this.jsonSchema = jsonSchema;
        this.topics = topics;
        this.schemas = schemas;
        this.avro = avro;
        this.json = json;
        this.clientConfig = ClientConfigs.from(kafkaAdmin.getConfigurationProperties());
        this.ackTimeout = ackTimeout;
    }

    /**
     * Produces the records to {@code topic}, to {@code partition} when given (else each record's own partition,
     * else the producer's choice by key).
     */
    public ProduceResponse produce(String topic, Optional<Integer> partition, EmbeddedFormat format,
            ProduceRequest request) {
        if (request.records().size() > maxRecords) {
            throw RestProxyError.PRODUCE_REQUEST_TOO_LARGE.exception(request.records().size() + " records, at most "
                    + maxRecords + " allowed");
        }
        int highestWanted = partition.orElse(request.records().stream()
                .filter(r -> r != null && r.partition() != null)
                .mapToInt(ProduceRequest.Record::partition).max().orElse(-1));
        Optional<Integer> partitions = topics.partitionCount(topic, highestWanted);
        if (partitions.isEmpty() && (partition.isPresent() || !topics.brokerAutoCreatesTopics())) {
            throw RestProxyError.TOPIC_NOT_FOUND.exception();
        }
        Optional<SchemaRegistry.RegisteredSchema> keySchema = Optional.empty();
        Optional<SchemaRegistry.RegisteredSchema> valueSchema = Optional.empty();
        if (format.requiresSchema()) {
            SchemaRegistry.SchemaType type = switch (format) {
                case AVRO -> SchemaRegistry.SchemaType.AVRO;
                case PROTOBUF -> SchemaRegistry.SchemaType.PROTOBUF;
                default -> SchemaRegistry.SchemaType.JSON;
            };
            keySchema = schemaFor(topic + "-key", type, request.keySchemaId(), request.keySchema(), request,
                    ProduceRequest.Record::key, RestProxyError.KEY_SCHEMA_MISSING);
            valueSchema = schemaFor(topic + "-value", type, request.valueSchemaId(), request.valueSchema(), request,
                    ProduceRequest.Record::value, RestProxyError.VALUE_SCHEMA_MISSING);
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(request.records().size());
        for (int i = 0; i < request.records().size(); i++) {
            ProduceRequest.Record record = request.records().get(i);
            if (record == null) {
                throw RestProxyError.UNPROCESSABLE_ENTITY.exception("records[" + i + "] may not be null");
            }
            Integer target = partition.orElse(record.partition());
            if (target != null && (target < 0 || partitions.isPresent() && target >= partitions.get())) {
                throw RestProxyError.PARTITION_NOT_FOUND.exception();
            }
            records.add(new ProducerRecord<>(topic, target, encode(format, keySchema, record.key(), i, "key"),
                    encode(format, valueSchema, record.value(), i, "value")));
        }

        Producer<byte[], byte[]> producer = producerFor(format);
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            try {
                acks.add(producer.send(record));
            } catch (KafkaException refused) {
                acks.add(CompletableFuture.failedFuture(refused));
            }
        }
        List<ProduceResponse.RecordResult> results = new ArrayList<>(acks.size());
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            results.add(resultOf(ack, deadline));
        }
        return new ProduceResponse(results, keySchema.map(SchemaRegistry.RegisteredSchema::id).orElse(null),
                valueSchema.map(SchemaRegistry.RegisteredSchema::id).orElse(null));
    }

    /**
     * The schema keys (or values) are written with: the one of the given id, else the given one, registered
     * under {@code subject}; none when no record has a key (value), else {@code 42201} ({@code 42202}).
     */
    private Optional<SchemaRegistry.RegisteredSchema> schemaFor(String subject, SchemaRegistry.SchemaType type,
            Integer id, String schema, ProduceRequest request, Function<ProduceRequest.Record, JsonNode> field,
            RestProxyError missing) {
        if (id != null) {
            return Optional.of(schemas.byId(id).expect(type));
        }
        if (schema != null) {
            return Optional.of(schemas.register(subject, type, schema));
        }
        boolean anyData = request.records().stream()
                .anyMatch(r -> r != null && field.apply(r) != null && !field.apply(r).isNull());
        if (anyData) {
            throw missing.exception();
        }
        return Optional.empty();
    }

    private byte[] encode(EmbeddedFormat format, Optional<SchemaRegistry.RegisteredSchema> schema, JsonNode data,
            int index, String field) {
        if (format.requiresSchema()) {
            if (data == null || data.isNull()) {
                return null;
            }
            try {
                return switch (format) {
                    case AVRO -> avro.encode(schema.orElseThrow(), data);
                    case PROTOBUF -> protobuf.encode(schema.orElseThrow(), data);
                    default -> jsonSchema.encode(schema.orElseThrow(), data);
                };
            } catch (RestProxyException e) {
                throw e.error().exception(e.getMessage().substring(e.error().message().length())
                        + " (records[" + index + "]." + field + ")", e);
            }
        }
        try {
            return format.encode(data, json);
        } catch (IllegalArgumentException e) {
            throw RestProxyError.UNPROCESSABLE_ENTITY.exception("records[" + index + "]." + field
                    + " is not valid for the " + format.wireName() + " format: " + e.getMessage(), e);
        }
    }

    private static ProduceResponse.RecordResult resultOf(Future<RecordMetadata> ack, long deadline) {
        try {
            RecordMetadata metadata = ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new ProduceResponse.RecordResult(metadata.partition(), metadata.offset(), null, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int code = cause instanceof RetriableException ? RestProxyError.KAFKA_RETRIABLE_ERROR.code()
                    : RestProxyError.KAFKA_ERROR.code();
            return new ProduceResponse.RecordResult(null, null, code, cause.getMessage());
        } catch (TimeoutException e) {
            return new ProduceResponse.RecordResult(null, null, RestProxyError.KAFKA_RETRIABLE_ERROR.code(),
                    "No acknowledgement from Kafka in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RestProxyError.KAFKA_ERROR.exception("interrupted while waiting for acknowledgements", e);
        }
    }

    private synchronized Producer<byte[], byte[]> producerFor(EmbeddedFormat format) {
        return producers.computeIfAbsent(format, f -> {
            Map<String, Object> config = new HashMap<>(clientConfig);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-proxy-producer-" + f.wireName());
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            // every produce request waits for its acknowledgements, so a linger is added to each one's latency;
            // with many clients, records still share batches while earlier produce requests are in flight
            config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
            // one producer carries every client's records: larger batches mean fewer produce requests for the
            // broker to handle per record (Kafka's 16 KiB default suits a single application's producer)
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
            // with several requests in flight, a batch a new partition refused (the broker had not yet applied its
            // creation) can be overtaken by a later one and is then refused as out of sequence until it expires
            // (KAFKA-15591, fixed in brokers from 4.5). One request at a time keeps the order; each request carries
            // every batch that is ready, so the clients' records still share requests
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        });
    }

    @PreDestroy
    synchronized void close() {
        producers.values().forEach(p -> p.close(Duration.ofSeconds(5)));
        producers.clear();
    }
}
