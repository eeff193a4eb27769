package io.tributary.sql.queries;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.format.WindowedKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one processor of a stateless persistent query: deserializes each record into a row with its pseudo-columns,
 * applies the WHERE clause, computes the projection and serializes it for the sink. A record that cannot be read
 * or computed is logged and skipped, as ksqlDB's processing log does. On tables, a tombstone passes as a
 * tombstone and a row the filter rejects becomes one.
 */
final class ProjectFilterProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    /** Where the processor's results go: serialized to the sink topic, or handed to a push query's client. */
    interface Output {
        void row(ProcessorContext<byte[], byte[]> context, Record<byte[], byte[]> input, Map<String, Object> row,
                long timestamp);

        void tombstone(ProcessorContext<byte[], byte[]> context, Map<String, Object> key, long timestamp);
    }

    /** Serializes each result with the sink's formats and forwards it to the sink node. */
    static Output toSink(RowCodec sinkCodec) {
        return new Output() {
            @Override
            public void row(ProcessorContext<byte[], byte[]> context, Record<byte[], byte[]> input,
                    Map<String, Object> row, long timestamp) {
                context.forward(new Record<>(windowed(sinkCodec.writeKey(row), row), sinkCodec.writeValue(row),
                        timestamp, input.headers()));
            }

            @Override
            public void tombstone(ProcessorContext<byte[], byte[]> context, Map<String, Object> key, long timestamp) {
                context.forward(new Record<>(windowed(sinkCodec.writeKey(key), key), (byte[]) null, timestamp));
            }
        };
    }

    /** The window bytes a windowed source's key carried after the key columns, kept for the sink's key. */
    static final String WINDOW_SUFFIX = "\u0000WINDOW";

    private static byte[] windowed(byte[] key, Map<String, Object> row) {
        if (!(row.get(WINDOW_SUFFIX) instanceof byte[] suffix)) {
            return key;
        }
        return WindowedKey.append(key, suffix);
    }

    private static final Logger log = LoggerFactory.getLogger(ProjectFilterProcessor.class);

    private final String queryId;
    private final QueryPlan plan;
    private final RowCodec sourceCodec;
    private final Output output;
    private ProcessorContext<byte[], byte[]> context;

    /**
     * Keys of a filtered table's rows now in the result, when deletes are only sent for those: the filter of a
     * table deletes a row it once let through, but a key it never let through has nothing to delete.
     */
    private final java.util.Set<java.nio.ByteBuffer> keysInResult;

    ProjectFilterProcessor(String queryId, QueryPlan plan, RowCodec sourceCodec, Output output) {
        this(queryId, plan, sourceCodec, output, false);
    }

    /**
     * @param onlyDeleteKnownRows with a filter on a table, sends a delete only for a key whose row is in the
     *                            result (a push query, whose result starts empty and lives as long as this
     *                            processor; a persistent query sends one for every row it filters out)
     */
    ProjectFilterProcessor(String queryId, QueryPlan plan, RowCodec sourceCodec, Output output,
            boolean onlyDeleteKnownRows) {
        this.queryId = queryId;
        this.plan = plan;
        this.sourceCodec = sourceCodec;
        this.output = output;
        this.keysInResult = onlyDeleteKnownRows && plan.filter().isPresent()
                && plan.source().type() == SourceType.TABLE ? new java.util.HashSet<>() : null;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        boolean table = plan.source().type() == SourceType.TABLE;
        try {
            if (table && record.key() == null) {
                return;
            }
            if (record.value() == null && !table && plan.filter().isPresent()) {
                return;
            }
            WindowedKey windowed = WindowedKey.split(record.key(), plan.source().window());
            byte[] suffix = windowed == null ? null : windowed.suffix();
            Map<String, Object> row = sourceCodec.readRecord(record.key(), windowed, record.value(),
                    record.headers());
            long timestamp = plan.source().rowTime(row, record.timestamp());
            row.put("ROWTIME", timestamp);
            context.recordMetadata().ifPresent(m -> {
                row.put("ROWPARTITION", m.partition());
                row.put("ROWOFFSET", m.offset());
            });
            if (record.value() == null) {
                if (leavesResult(record.key())) {
                    forwardTombstone(row, timestamp, suffix);
                }
                return;
            }
            if (plan.filter().isPresent() && !Boolean.TRUE.equals(plan.filter().get().evaluator().evaluate(row))) {
                if (table && leavesResult(record.key())) {
                    forwardTombstone(row, timestamp, suffix);
                }
                return;
            }
            if (keysInResult != null) {
                keysInResult.add(java.nio.ByteBuffer.wrap(record.key()));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (ProjectedColumn column : plan.projection()) {
                Object value = column.expression().evaluator().evaluate(row);
                out.put(column.column().name(), value == null ? null : SqlValues.coerce(value, column.column().type()));
            }
            if (suffix != null) {
                out.put(WINDOW_SUFFIX, suffix);
            }
            output.row(context, record, out, timestamp);
        } catch (RuntimeException e) {
            log.warn("Query {} skipped a record it could not process: {}", queryId, e.toString());
        }
    }

    /** Whether deleting the row of that key changes the result (a row of it is there, or nothing is tracked). */
    private boolean leavesResult(byte[] key) {
        return keysInResult == null || keysInResult.remove(java.nio.ByteBuffer.wrap(key));
    }

    private void forwardTombstone(Map<String, Object> row, long timestamp, byte[] suffix) {
        Map<String, Object> key = new LinkedHashMap<>();
        for (ProjectedColumn column : plan.projection()) {
            if (column.column().isKey()) {
                key.put(column.column().name(), column.expression().evaluator().evaluate(row));
            }
        }
        if (suffix != null) {
            key.put(WINDOW_SUFFIX, suffix);
        }
        output.tombstone(context, key, timestamp);
    }
}
