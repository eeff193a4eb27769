package io.tributary.sql.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The other instances of this service, asked for the rows of a pull query that live in their state stores. */
public interface PullQueryPeers {

    /** The request property that tells an instance to answer from its own store only, never asking further. */
    String SKIP_FORWARDING = "request.ksql.query.pull.skip.forwarding";
    /** The request property naming the partitions (comma-separated) a forwarded pull query reads. */
    String PARTITIONS = "request.ksql.query.pull.partition";

    /** An instance could not answer: unreachable, or not holding the partitions any more. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The rows (REST values) of {@code sql} over {@code partitions} of the store on the instance at {@code host}
     * ({@code host:port}), read there and nowhere else.
     */
    List<List<Object>> pull(String host, String sql, Map<String, Object> streamsProperties, Set<Integer> partitions);
}
