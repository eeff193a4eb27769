package io.tributary.sql.bounded;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic as a bounded input: every partition from its beginning up to the end offsets taken when the read
 * starts, so records produced meanwhile are not part of the answer. No consumer group is used (nothing committed,
 * nothing to clean up) and every instance reads the same answer.
 */
final class TopicSnapshot {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Supplier<KafkaConsumer<byte[], byte[]>> consumers;
    private final int maxKeys;

    /** @param maxKeys the most live keys a table's state may hold in memory while it is read */
    TopicSnapshot(Supplier<KafkaConsumer<byte[], byte[]>> consumers, int maxKeys) {
        this.consumers = consumers;
        this.maxKeys = maxKeys;
    }

    /** Hands each record to {@code visitor} in offset order per partition, until it answers false. */
    void scan(String topic, Interruption interruption, Predicate<SourceRecord> visitor) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumers.get()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, Duration.ofSeconds(10));
            ends.entrySet().removeIf(e -> e.getValue() <= begins.getOrDefault(e.getKey(), 0L));
            consumer.pause(partitions.stream().filter(p -> !ends.containsKey(p)).toList());
            while (!ends.isEmpty()) {
                interruption.check();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long end = ends.get(tp);
                    if (end == null || r.offset() >= end) {
                        continue;
                    }
                    if (!visitor.test(new SourceRecord(r.key(), r.value(), r.timestamp(), r.partition(), r.offset(), r.headers()))) {
                        return;
                    }
                }
                // transaction markers and compacted gaps: the position, not the last record, tells when a partition is done
                for (TopicPartition tp : List.copyOf(ends.keySet())) {
                    if (consumer.position(tp) >= ends.get(tp)) {
                        ends.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
            }
        }
    }

    /** A table's current state: the latest record per key, tombstones removing their key, in first-seen order. */
    Map<ByteBuffer, SourceRecord> latestByKey(String topic, Interruption interruption) {
        Map<ByteBuffer, SourceRecord> state = new LinkedHashMap<>();
        scan(topic, interruption, record -> {
            if (record.key() == null) {
                return true;
            }
            ByteBuffer key = ByteBuffer.wrap(record.key());
            if (record.value() == null) {
                state.remove(key);
            } else if (state.put(key, record) == null && state.size() > maxKeys) {
                // the whole state is held before any filter applies: refuse rather than exhaust the heap
                throw BoundedQueryEngine.TooManyRows.tableState(topic, maxKeys);
            }
            return true;
        });
        return state;
    }
}
