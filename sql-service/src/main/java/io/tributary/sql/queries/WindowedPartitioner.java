package io.tributary.sql.queries;

import io.tributary.sql.format.WindowedKey;
import io.tributary.sql.metastore.DataSource;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Places a windowed sink's records as Kafka Streams places windowed keys: by the hash of the key columns' bytes
 * alone, so every window of a key lands in the partition the key itself would (and co-partitions with it).
 */
final class WindowedPartitioner implements StreamPartitioner<byte[], byte[]> {

    private final int suffixLength;

    private WindowedPartitioner(int suffixLength) {
        this.suffixLength = suffixLength;
    }

    /** How a query writes to its sink: windowed keys partitioned by their key columns. */
    static Produced<byte[], byte[]> produced(DataSource sink) {
        Produced<byte[], byte[]> produced = Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                .withName(sink.name());
        return sink.window().map(w -> produced.withStreamPartitioner(
                new WindowedPartitioner(WindowedKey.suffixLength(w)))).orElse(produced);
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, byte[] key, byte[] value, int numPartitions) {
        if (key == null || key.length < suffixLength) {
            return Optional.empty();
        }
        byte[] columns = java.util.Arrays.copyOf(key, key.length - suffixLength);
        return Optional.of(Set.of(Utils.toPositive(Utils.murmur2(columns)) % numPartitions));
    }
}
