package io.tributary.sql.bounded;

/** One record of a source's topic as a bounded query reads it; {@code value} is null for a tombstone. */
public record SourceRecord(byte[] key, byte[] value, long timestamp, int partition, long offset) {
}
