package io.tributary.sql.format;

import io.tributary.sql.metastore.WindowInfo;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A record key of a windowed topic, split as Kafka Streams writes it: the key columns' bytes, then the window (time
 * windows append the 8-byte start, session windows the 8-byte end and then the start). A time window's end is its
 * start plus the source's window size.
 *
 * @param key    the key columns' bytes
 * @param suffix the window bytes, as they followed the key
 */
public record WindowedKey(byte[] key, byte[] suffix, long start, long end) {

    /** How many bytes the window adds to a key of that windowing. */
    public static int suffixLength(WindowInfo window) {
        return window.session() ? 16 : 8;
    }

    /** Splits a windowed record key (never null). */
    public static WindowedKey of(byte[] bytes, WindowInfo window) {
        int length = suffixLength(window);
        if (bytes.length < length) {
            throw new IllegalArgumentException("A windowed key needs at least " + length + " bytes, got "
                    + bytes.length);
        }
        byte[] suffix = Arrays.copyOfRange(bytes, bytes.length - length, bytes.length);
        ByteBuffer buffer = ByteBuffer.wrap(suffix);
        long end = window.session() ? buffer.getLong() : 0;
        long start = buffer.getLong();
        if (!window.session()) {
            end = start + window.size().map(java.time.Duration::toMillis).orElse(0L);
        }
        return new WindowedKey(Arrays.copyOf(bytes, bytes.length - length), suffix, start, end);
    }

    /** A record key of a source split, or null when the source's keys carry no window (or there is no key). */
    public static WindowedKey split(byte[] bytes, java.util.Optional<WindowInfo> window) {
        return window.isPresent() && bytes != null ? of(bytes, window.get()) : null;
    }

    /** The key columns' bytes followed by the window as Kafka Streams writes it (see the class comment). */
    public static byte[] write(byte[] key, long start, long end, boolean session) {
        byte[] base = key == null ? new byte[0] : key;
        ByteBuffer buffer = ByteBuffer.allocate(base.length + (session ? 16 : 8));
        buffer.put(base);
        if (session) {
            buffer.putLong(end);
        }
        buffer.putLong(start);
        return buffer.array();
    }

    /** The key columns' bytes followed by {@code suffix}: the key of the same window. */
    public static byte[] append(byte[] key, byte[] suffix) {
        byte[] base = key == null ? new byte[0] : key;
        byte[] out = Arrays.copyOf(base, base.length + suffix.length);
        System.arraycopy(suffix, 0, out, base.length, suffix.length);
        return out;
    }
}
