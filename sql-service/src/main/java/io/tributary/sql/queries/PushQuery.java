package io.tributary.sql.queries;

import io.tributary.sql.metastore.Column;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A running push query: a transient Kafka Streams app handing its rows to one HTTP client through a bounded
 * queue (a slow client slows the app rather than filling memory). Closing it stops the app and removes its state.
 */
public final class PushQuery implements AutoCloseable {

    /** A result row; {@code tombstone} for a deleted table row (only its key columns are set). */
    public record Row(List<Object> columns, boolean tombstone) {
    }

    private final String id;
    private final List<Column> columns;
    private final KafkaStreams streams;
    private final BlockingQueue<Row> rows;
    private final Runnable onClose;
    private final String statementText;
    private final String sourceName;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    PushQuery(String id, List<Column> columns, KafkaStreams streams, BlockingQueue<Row> rows, String statementText,
            String sourceName, Runnable onClose) {
        this.statementText = statementText;
        this.sourceName = sourceName;
        this.id = id;
        this.columns = List.copyOf(columns);
        this.streams = streams;
        this.rows = rows;
        this.onClose = onClose;
    }

    public String id() {
        return id;
    }

    /** The SELECT it runs, as the client sent it. */
    public String statementText() {
        return statementText;
    }

    /** The stream or table it reads. */
    public String sourceName() {
        return sourceName;
    }

    public List<Column> columns() {
        return columns;
    }

    /** The next row, or null when none came within {@code wait}. */
    public Row poll(Duration wait) throws InterruptedException {
        return rows.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the app died (its error is in the log). */
    public boolean failed() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    }

    /** Whether the query was closed (by its client, a TERMINATE or the server shutting down). */
    public boolean closed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            onClose.run();
        }
    }
}
