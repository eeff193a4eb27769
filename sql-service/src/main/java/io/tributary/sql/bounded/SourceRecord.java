package io.tributary.sql.bounded;

import org.apache.kafka.common.header.Header;

/** One record of a source's topic as a bounded query reads it; {@code value} is null for a tombstone. */
public record SourceRecord(byte[] key, byte[] value, long timestamp, int partition, long offset,
        Iterable<Header> headers) {

    public SourceRecord(byte[] key, byte[] value, long timestamp, int partition, long offset) {
        this(key, value, timestamp, partition, offset, java.util.List.of());
    }
}
