package io.tributary.sql.queries;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import java.util.HashMap;
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
        byte[] base = key == null ? new byte[0] : key;
        byte[] out = java.util.Arrays.copyOf(base, base.length + suffix.length);
        System.arraycopy(suffix, 0, out, base.length, suffix.length);
        return out;
    }

    private static final Logger log = LoggerFactory.getLogger(ProjectFilterProcessor.class);

    private final String queryId;
    private final QueryPlan plan;
    private final RowCodec sourceCodec;
    private final Output output;
    private ProcessorContext<byte[], byte[]> context;

    ProjectFilterProcessor(String queryId, QueryPlan plan, RowCodec sourceCodec, Output output) {
        this.queryId = queryId;
        this.plan = plan;
        this.sourceCodec = sourceCodec;
        this.output = output;
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
            byte[] keyBytes = record.key();
            byte[] suffix = null;
            if (plan.source().windowed() && keyBytes != null) {
                int length = plan.source().window().get().session() ? 16 : 8;
                suffix = java.util.Arrays.copyOfRange(keyBytes, keyBytes.length - length, keyBytes.length);
                keyBytes = java.util.Arrays.copyOf(keyBytes, keyBytes.length - length);
            }
            Map<String, Object> row = new HashMap<>(sourceCodec.read(keyBytes, record.value()));
            row.putAll(sourceCodec.readHeaders(record.headers()));
            if (suffix != null) {
                java.nio.ByteBuffer window = java.nio.ByteBuffer.wrap(suffix);
                boolean session = suffix.length == 16;
                long end = session ? window.getLong() : 0;
                long start = window.getLong();
                row.put("WINDOWSTART", start);
                row.put("WINDOWEND", session ? end : start + plan.source().window().get().size()
                        .map(java.time.Duration::toMillis).orElse(0L));
            }
            long timestamp = plan.source().rowTime(row, record.timestamp());
            row.put("ROWTIME", timestamp);
            context.recordMetadata().ifPresent(m -> {
                row.put("ROWPARTITION", m.partition());
                row.put("ROWOFFSET", m.offset());
            });
            if (record.value() == null) {
                forwardTombstone(row, timestamp, suffix);
                return;
            }
            if (plan.filter().isPresent() && !Boolean.TRUE.equals(plan.filter().get().evaluator().evaluate(row))) {
                if (table) {
                    forwardTombstone(row, timestamp, suffix);
                }
                return;
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
