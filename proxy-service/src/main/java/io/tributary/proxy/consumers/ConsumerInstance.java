package io.tributary.proxy.consumers;

import io.tributary.proxy.errors.RestProxyError;
import io.tributary.proxy.records.EmbeddedFormat;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumer instance: its {@code KafkaConsumer}, used by one request thread at a time (a lock guards it, as
 * {@code KafkaConsumer} is not thread-safe), the records fetched but not yet handed out, and the position after
 * the last record handed out in each partition (what an empty offsets commit commits).
 */
final class ConsumerInstance {

    private final ConsumerDefinition definition;
    private final Consumer<byte[], byte[]> consumer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<ConsumerRecord<byte[], byte[]>> fetched = new ArrayDeque<>();
    private final Map<TopicPartition, Long> handedOut = new HashMap<>();
    private volatile long lastUsedMillis = System.currentTimeMillis();
    private volatile boolean closed;
    private boolean kafkaClosed;
    private final boolean autoCommit;

    ConsumerInstance(ConsumerDefinition definition, Consumer<byte[], byte[]> consumer) {
        this.definition = definition;
        this.consumer = consumer;
        this.autoCommit = autoCommitOf(definition);
    }

    /** The client's {@code auto.commit.enable} (Kafka's default: on); anything but true/false is refused. */
    static boolean autoCommitOf(ConsumerDefinition definition) {
        String value = definition.kafkaConfig().get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw RestProxyError.INVALID_CONSUMER_CONFIG.exception("Invalid value " + value + " for configuration "
                + ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG + ": Expected value to be either true or false");
    }

    ConsumerDefinition definition() {
        return definition;
    }

    long lastUsedMillis() {
        return lastUsedMillis;
    }

    /** Runs {@code work} with the lock held (waiting up to {@code wait} for another request to finish). */
    <T> T use(Duration wait, Supplier<T> work) {
        lastUsedMillis = System.currentTimeMillis();
        try {
            if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw RestProxyError.KAFKA_RETRIABLE_ERROR.exception(
                        "the consumer instance is busy with another request");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RestProxyError.KAFKA_ERROR.exception("interrupted", e);
        }
        try {
            if (closed) {
                throw RestProxyError.CONSUMER_INSTANCE_NOT_FOUND.exception();
            }
            return work.get();
        } catch (org.apache.kafka.common.errors.WakeupException closedMeanwhile) {
            throw RestProxyError.CONSUMER_INSTANCE_NOT_FOUND.exception();
        } finally {
            lastUsedMillis = System.currentTimeMillis();
            if (closed) {
                closeKafka(Duration.ofSeconds(5));
            }
            lock.unlock();
        }
    }

    void subscribe(Collection<String> topics) {
        forgetFetched();
        consumer.subscribe(topics, new ForgetRevoked());
    }

    void subscribe(Pattern pattern) {
        forgetFetched();
        consumer.subscribe(pattern, new ForgetRevoked());
    }

    void unsubscribe() {
        forgetFetched();
        consumer.unsubscribe();
    }

    void assign(Collection<TopicPartition> partitions) {
        forgetFetched();
        consumer.assign(partitions);
    }

    void seek(Map<TopicPartition, Long> offsets) {
        offsets.forEach((partition, offset) -> {
            consumer.seek(partition, offset);
            forgetFetched(partition);
        });
    }

    void seekToBeginning(Collection<TopicPartition> partitions) {
        consumer.seekToBeginning(partitions);
        partitions.forEach(this::forgetFetched);
    }

    void seekToEnd(Collection<TopicPartition> partitions) {
        consumer.seekToEnd(partitions);
        partitions.forEach(this::forgetFetched);
    }

    /** Commits the position after every record handed out so far. */
    void commitHandedOut() {
        if (!handedOut.isEmpty()) {
            consumer.commitSync(handedOutOffsets());
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> handedOutOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        handedOut.forEach((partition, next) -> offsets.put(partition, new OffsetAndMetadata(next)));
        return offsets;
    }

    /**
     * Reads records for up to {@code timeout}: answers as soon as some are there, with as many as fit in
     * {@code maxBytes} of keys and values (always at least one); the rest wait for the next read. With auto-commit,
     * the position after what is answered is committed (asynchronously).
     */
    List<ConsumedRecord> read(Duration timeout, long maxBytes, Function<byte[], Object> decoder) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumedRecord> out = new ArrayList<>();
        TopicPartition current = null;
        // the position handed out in current, recorded when the partition changes and when the read ends
        long next = -1;
        try {
            long bytes = 0;
            while (true) {
                ConsumerRecord<byte[], byte[]> record = fetched.peek();
                if (record == null) {
                    long remaining = deadline - System.nanoTime();
                    if (!out.isEmpty() || remaining <= 0) {
                        break;
                    }
                    consumer.poll(Duration.ofNanos(remaining)).forEach(fetched::add);
                    continue;
                }
                long size = sizeOf(record.key()) + sizeOf(record.value());
                if (!out.isEmpty() && bytes + size > maxBytes) {
                    break;
                }
                out.add(decode(record, decoder));
                fetched.poll();
                bytes += size;
                if (current == null || current.partition() != record.partition()
                        || !current.topic().equals(record.topic())) {
                    if (current != null) {
                        handedOut.put(current, next);
                    }
                    current = new TopicPartition(record.topic(), record.partition());
                }
                next = record.offset() + 1;
            }
        } finally {
            if (current != null) {
                handedOut.put(current, next);
            }
        }
        if (autoCommit && !out.isEmpty()) {
            consumer.commitAsync(handedOutOffsets(), null);
        }
        return out;
    }

    private ConsumedRecord decode(ConsumerRecord<byte[], byte[]> record, Function<byte[], Object> decoder) {
        EmbeddedFormat format = definition.format();
        try {
            return new ConsumedRecord(record.topic(), decoder.apply(record.key()), decoder.apply(record.value()),
                    record.partition(), record.offset());
        } catch (IllegalArgumentException e) {
            throw RestProxyError.KAFKA_ERROR.exception("record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " cannot be read as " + format.wireName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes the consumer (leaving its group, committing if auto-commit is on, within {@code kafkaTimeout}); waits
     * for a request in progress to finish, at most {@code wait}.
     */
    void close(Duration wait, Duration kafkaTimeout) {
        boolean locked = false;
        try {
            locked = lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            closed = true;
            if (locked) {
                closeKafka(kafkaTimeout);
            } else {
                // the request holding the consumer closes it when it lets go
                consumer.wakeup();
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    private void closeKafka(Duration timeout) {
        if (!kafkaClosed) {
            kafkaClosed = true;
            if (autoCommit) {
                try {
                    commitHandedOut();
                } catch (RuntimeException notCommitted) {
                    // the group may already have moved on; what was not committed is read again, not lost
                }
            }
            consumer.close(CloseOptions.timeout(timeout));
        }
    }

    private void forgetFetched() {
        fetched.clear();
    }

    private void forgetFetched(TopicPartition partition) {
        fetched.removeIf(r -> r.partition() == partition.partition() && r.topic().equals(partition.topic()));
    }

    private static long sizeOf(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    /** Records fetched from a partition this instance no longer owns must not be handed out. */
    private final class ForgetRevoked implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (autoCommit) {
                Map<TopicPartition, OffsetAndMetadata> offsets = handedOutOffsets();
                offsets.keySet().retainAll(partitions);
                if (!offsets.isEmpty()) {
                    consumer.commitSync(offsets);
                }
            }
            partitions.forEach(ConsumerInstance.this::forgetFetched);
            partitions.forEach(handedOut::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // nothing to set up: positions come from the group's committed offsets
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // already owned by another member: nothing can be committed for them any more
            partitions.forEach(ConsumerInstance.this::forgetFetched);
            partitions.forEach(handedOut::remove);
        }
    }

    Set<String> subscription() {
        return consumer.subscription();
    }

    Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        consumer.commitSync(offsets);
    }

    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return consumer.committed(partitions);
    }
}
