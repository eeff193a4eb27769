package io.tributary.sql.metastore;

import java.time.Duration;
import java.util.Optional;

/**
 * The windowing of a windowed source's keys: {@code TUMBLING}, {@code HOPPING} (time windows, the key followed by
 * the 8-byte window start) or {@code SESSION} (the key followed by the 8-byte end and start).
 */
public record WindowInfo(String type, Optional<Duration> size) {

    public boolean session() {
        return type.equals("SESSION");
    }
}
