package io.tributary.sql.queries;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.format.WindowedKey;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.metastore.WindowInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.WindowStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiles a {@link StatefulPlan} to a Kafka Streams topology. Record keys stay in their serialized form all along
 * (the source's, or the sink's key format once re-keyed), so a key needs no extra serde; rows in internal topics
 * and state stores are serialized with {@link InternalRowSerde}. Re-keying before an aggregation goes through
 * {@code <appId>-Aggregate-GroupBy-repartition}; the aggregate lives in {@link StatefulPlan#AGGREGATE_STORE}.
 * A persistent query's results are written to its sink's topic; a push query's are handed to its client as
 * {@link Result}s, never encoded.
 */
final class StatefulTopology {

    /**
     * A result of a push query: its projected columns by name (only the key columns of a deleted row), its record
     * time and, when the results are windowed, the window.
     */
    record Result(Map<String, Object> columns, boolean delete, long timestamp, Optional<Window> window) {

        record Window(long start, long end) {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(StatefulTopology.class);
    /** ksqlDB's default grace period for windows that give none. */
    private static final Duration DEFAULT_GRACE = Duration.ofHours(24);
    /** Marks a stream tombstone passing through PARTITION BY: only its key columns are known. */
    private static final String TOMBSTONE = "\u0000TOMBSTONE";

    private final String queryId;
    private final QueryPlan plan;
    private final StatefulPlan steps;
    private final DataSource sink;
    private final RowCodec sinkCodec;
    private final Serde<Map<String, Object>> rowSerde = new InternalRowSerde<>();
    private final Serde<List<Object>> accSerde = new InternalRowSerde<>();

    /** A push query's client, or null: the results go to the sink's topic. */
    private final java.util.function.Consumer<Result> client;
    /** Whether a table written to the sink is kept in {@link TableStore} for pull queries. */
    private final boolean tableStore;
    /** For a join of windowed sources that keeps their keys: the window its results' keys carry on. */
    private final Optional<WindowInfo> joinedWindow;

    /** Reads the key columns of a push query's deleted table rows (keyed as its leftmost source); made when needed. */
    private RowCodec deletedKeyCodec;

    private StatefulTopology(String queryId, QueryPlan plan, DataSource sink,
            java.util.function.Consumer<Result> client, boolean tableStore) {
        this.client = client;
        this.tableStore = tableStore;
        this.queryId = queryId;
        this.plan = plan;
        this.steps = plan.stateful().orElseThrow();
        this.sink = sink;
        this.sinkCodec = RowCodec.of(sink);
        this.joinedWindow = steps.keyMode() == StatefulPlan.KeyMode.NONE && steps.window().isEmpty()
                ? plan.resultWindow() : Optional.empty();
    }

    static Topology build(String queryId, QueryPlan plan, DataSource sink, boolean tableStore) {
        return new StatefulTopology(queryId, plan, sink, null, tableStore).build();
    }

    /**
     * A push query's topology: its results go to {@code client} instead of a topic. {@code keys} is a sink without a
     * topic: its key columns and format key the query's groups in its internal topics and stores.
     */
    static Topology build(String queryId, QueryPlan plan, DataSource keys, java.util.function.Consumer<Result> client) {
        return new StatefulTopology(queryId, plan, keys, client, false).build();
    }

    private Topology build() {
        StreamsBuilder builder = new StreamsBuilder();
        StatefulPlan.Input first = steps.sources().get(0);
        KStream<byte[], Map<String, Object>> stream = null;
        KTable<byte[], Map<String, Object>> table = null;
        if (first.source().type() == SourceType.TABLE) {
            table = materialize(decode(builder, first, true, ""), first);
        } else {
            stream = decode(builder, first, false, "");
        }
        for (StatefulPlan.JoinStep join : steps.joins()) {
            switch (join.kind()) {
                case STREAM_STREAM -> stream = streamStreamJoin(builder, stream, join);
                case STREAM_TABLE -> stream = join(builder, stream, join);
                case TABLE_TABLE -> table = tableTableJoin(builder, table, join);
                case FOREIGN_KEY -> table = foreignKeyJoin(builder, table, join);
            }
        }
        if (table != null) {
            if (steps.keyMode() == StatefulPlan.KeyMode.GROUP_BY) {
                tableAggregate(table);
            } else {
                if (steps.where().isPresent()) {
                    table = table.filter((k, row) -> accepts(row), Named.as("WhereFilter"));
                }
                emit(table.toStream(Named.as("ToStream")).process(() -> new RowOutput(), Named.as("Project")));
            }
            return builder.build();
        }
        if (steps.where().isPresent()) {
            stream = stream.filter((k, row) -> row != null && accepts(row), Named.as("WhereFilter"));
        }
        if (steps.keyMode() == StatefulPlan.KeyMode.GROUP_BY) {
            aggregate(stream);
        } else {
            emit(stream.process(() -> new RowOutput(), Named.as("Project")));
        }
        return builder.build();
    }

    /** Writes results to the sink's topic (a push query's results went to its client already). */
    private void emit(KStream<byte[], byte[]> results) {
        if (client == null) {
            (tableStore && !TableStore.inAggregateStore(plan) ? TableStore.materialized(results, sink) : results).to(
                    sink.topic(),
                    WindowedPartitioner.produced(sink));
        }
    }

    private KTable<byte[], Map<String, Object>> materialize(KStream<byte[], Map<String, Object>> decoded,
            StatefulPlan.Input input) {
        String store = input.prefix() + "KsqlTopic-Reduce";
        return decoded.toTable(Named.as(input.prefix() + "Reduce"), Materialized.<byte[], Map<String, Object>,
                KeyValueStore<Bytes, byte[]>>as(store).withKeySerde(Serdes.ByteArray()).withValueSerde(rowSerde));
    }

    private void tableAggregate(KTable<byte[], Map<String, Object>> table) {
        KTable<byte[], Map<String, Object>> filtered = table.filter((k, row) -> accepts(row)
                && groupKey(row) != null, Named.as("Aggregate-Filter"));
        // Bytes keys (equal by content), so an update that stays in its group is one subtract-and-add
        KTable<Bytes, List<Object>> aggregate = filtered
                .groupBy((k, row) -> KeyValue.pair(Bytes.wrap(groupKey(row)), row),
                        Grouped.with("Aggregate-GroupBy", Serdes.Bytes(), rowSerde))
                .aggregate(this::init, (k, row, acc) -> add(acc, row), (k, row, acc) -> subtract(acc, row),
                        Named.as("Aggregate-Aggregate"),
                        Materialized.<Bytes, List<Object>, KeyValueStore<Bytes, byte[]>>as(
                                StatefulPlan.AGGREGATE_STORE).withKeySerde(Serdes.Bytes())
                                .withValueSerde(accSerde));
        emit(aggregate.toStream(Named.as("Aggregate-ToStream"))
                .process(() -> new AggregateOutput<Bytes>(), Named.as("Aggregate-Project")));
    }

    /** Re-keys a stream by a join expression, written with the join's key encoding, through a repartition topic. */
    private KStream<byte[], Map<String, Object>> rekey(KStream<byte[], Map<String, Object>> stream,
            io.tributary.sql.expression.TypedExpression expression, StatefulPlan.JoinStep join, String name) {
        RowCodec codec = joinKeyCodec(join);
        return stream.process(() -> new Processor<byte[], Map<String, Object>, byte[], Map<String, Object>>() {
            private ProcessorContext<byte[], Map<String, Object>> context;

            @Override
            public void init(ProcessorContext<byte[], Map<String, Object>> context) {
                this.context = context;
            }

            @Override
            public void process(Record<byte[], Map<String, Object>> record) {
                try {
                    Object value = record.value() == null ? null : expression.evaluator().evaluate(record.value());
                    if (value == null) {
                        return;
                    }
                    context.forward(record.withKey(codec.writeKey(Map.of("K", SqlValues.coerce(value,
                            join.keyType())))));
                } catch (RuntimeException e) {
                    log.warn("Query {} skipped a record whose join key failed: {}", queryId, e.toString());
                }
            }
        }, Named.as(name + "-SelectKey")).repartition(Repartitioned.with(Serdes.ByteArray(), rowSerde)
                .withName(name));
    }

    private static RowCodec joinKeyCodec(StatefulPlan.JoinStep join) {
        return new RowCodec(List.of(Column.key("K", join.keyType())), join.keyFormats());
    }

    private static String joinName(StatefulPlan.JoinStep join) {
        return join.index() == 1 ? "Join" : "Join" + join.index();
    }

    private KStream<byte[], Map<String, Object>> streamStreamJoin(StreamsBuilder builder,
            KStream<byte[], Map<String, Object>> left, StatefulPlan.JoinStep join) {
        StatefulPlan.Input rightInput = steps.sources().get(join.index());
        String name = joinName(join);
        KStream<byte[], Map<String, Object>> right = decode(builder, rightInput, false, "");
        if (join.repartitionLeft()) {
            left = rekey(left, join.leftKey(), join, name + "-left");
        }
        if (join.repartitionRight()) {
            right = rekey(right, join.rightKey(), join, name + "-right");
        }
        Statement.Within within = join.within().orElseThrow();
        org.apache.kafka.streams.kstream.JoinWindows windows = joinWindows(within);
        org.apache.kafka.streams.kstream.StreamJoined<byte[], Map<String, Object>, Map<String, Object>> joined =
                org.apache.kafka.streams.kstream.StreamJoined.with(Serdes.ByteArray(), rowSerde, rowSerde)
                        .withName(name).withStoreName(name);
        return switch (join.type()) {
            case INNER -> left.join(right, (l, r) -> merge(l, r, join), windows, joined);
            case LEFT -> left.leftJoin(right, (l, r) -> merge(l, r, join), windows, joined);
            case RIGHT -> right.leftJoin(left, (r, l) -> merge(l, r, join), windows.before(within.after())
                    .after(within.before()), org.apache.kafka.streams.kstream.StreamJoined.with(Serdes.ByteArray(),
                    rowSerde, rowSerde).withName(name).withStoreName(name));
            case FULL -> left.outerJoin(right, (l, r) -> merge(l, r, join), windows, joined);
        };
    }

    /**
     * Without a GRACE PERIOD ksqlDB keeps the old join windows (24 hours' grace, outer results emitted at once);
     * with one, outer results wait until the window closes.
     */
    @SuppressWarnings("deprecation")
    private static org.apache.kafka.streams.kstream.JoinWindows joinWindows(Statement.Within within) {
        org.apache.kafka.streams.kstream.JoinWindows windows = within.grace().isPresent()
                ? org.apache.kafka.streams.kstream.JoinWindows.ofTimeDifferenceAndGrace(within.before(),
                        within.grace().get())
                : org.apache.kafka.streams.kstream.JoinWindows.of(within.before());
        return windows.before(within.before()).after(within.after());
    }

    private KTable<byte[], Map<String, Object>> tableTableJoin(StreamsBuilder builder,
            KTable<byte[], Map<String, Object>> left, StatefulPlan.JoinStep join) {
        StatefulPlan.Input rightInput = steps.sources().get(join.index());
        KTable<byte[], Map<String, Object>> right = materialize(decode(builder, rightInput, true, ""), rightInput);
        Named named = Named.as(joinName(join));
        return switch (join.type()) {
            case INNER -> left.join(right, (l, r) -> merge(l, r, join), named);
            case LEFT -> left.leftJoin(right, (l, r) -> merge(l, r, join), named);
            case RIGHT -> right.leftJoin(left, (r, l) -> merge(l, r, join), named);
            case FULL -> left.outerJoin(right, (l, r) -> merge(l, r, join), named);
        };
    }

    private KTable<byte[], Map<String, Object>> foreignKeyJoin(StreamsBuilder builder,
            KTable<byte[], Map<String, Object>> left, StatefulPlan.JoinStep join) {
        StatefulPlan.Input rightInput = steps.sources().get(join.index());
        KTable<byte[], Map<String, Object>> right = materialize(decode(builder, rightInput, true, ""), rightInput);
        RowCodec codec = joinKeyCodec(join);
        java.util.function.Function<Map<String, Object>, byte[]> foreignKey = row -> {
            try {
                Object value = join.leftKey().evaluator().evaluate(row);
                return value == null ? null : codec.writeKey(Map.of("K", SqlValues.coerce(value, join.keyType())));
            } catch (RuntimeException e) {
                return null;
            }
        };
        org.apache.kafka.streams.kstream.TableJoined<byte[], byte[]> joined =
                org.apache.kafka.streams.kstream.TableJoined.as(joinName(join));
        Materialized<byte[], Map<String, Object>, KeyValueStore<Bytes, byte[]>> materialized = Materialized
                .<byte[], Map<String, Object>, KeyValueStore<Bytes, byte[]>>as(joinName(join) + "-Materialize")
                .withKeySerde(Serdes.ByteArray()).withValueSerde(rowSerde);
        if (join.type() == Statement.JoinType.LEFT) {
            return left.leftJoin(right, foreignKey, (l, r) -> merge(l, r, join), joined, materialized);
        }
        return left.join(right, foreignKey, (l, r) -> merge(l, r, join), joined, materialized);
    }

    // ------------------------------------------------------------------------------------------ sources

    private KStream<byte[], Map<String, Object>> decode(StreamsBuilder builder, StatefulPlan.Input input,
            boolean table, String name) {
        RowCodec codec = RowCodec.of(input.source());
        Optional<WindowInfo> window = input.source().window();
        String prefix = input.prefix();
        boolean pseudoTopLevel = input == steps.sources().get(0);
        String node = prefix.isEmpty() ? "KsqlTopic" : prefix + "KsqlTopic";
        boolean passTombstones = steps.keyMode() == StatefulPlan.KeyMode.PARTITION_BY && steps.joins().isEmpty()
                && steps.where().isEmpty();
        return builder.stream(input.source().topic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                        .withName(node + ".Source"))
                .processValues(() -> new FixedKeyProcessor<byte[], byte[], Map<String, Object>>() {
                    private FixedKeyProcessorContext<byte[], Map<String, Object>> context;

                    @Override
                    public void init(FixedKeyProcessorContext<byte[], Map<String, Object>> context) {
                        this.context = context;
                    }

                    /** The key columns' bytes of a record key (without the window of a windowed source). */
                    private byte[] keyColumns(byte[] key) {
                        return window.isPresent() ? WindowedKey.of(key, window.get()).key() : key;
                    }

                    private void tombstone(FixedKeyRecord<byte[], byte[]> record) {
                        Map<String, Object> row = new HashMap<>();
                        try {
                            if (record.key() != null) {
                                codec.readKey(keyColumns(record.key())).forEach((k, v) -> row.put(prefix + k, v));
                            }
                        } catch (RuntimeException e) {
                            return;
                        }
                        row.put(TOMBSTONE, Boolean.TRUE);
                        context.forward(record.withValue(row));
                    }

                    @Override
                    public void process(FixedKeyRecord<byte[], byte[]> record) {
                        if (record.value() == null) {
                            if (table && record.key() != null) {
                                context.forward(record.withValue(null));
                            } else if (!table && passTombstones) {
                                tombstone(record);
                            }
                            return;
                        }
                        try {
                            Map<String, Object> raw = codec.readRecord(record.key(),
                                    WindowedKey.split(record.key(), window), record.value(), record.headers());
                            long timestamp = input.source().rowTime(raw, record.timestamp());
                            raw.put("ROWTIME", timestamp);
                            context.recordMetadata().ifPresent(m -> {
                                raw.put("ROWPARTITION", m.partition());
                                raw.put("ROWOFFSET", m.offset());
                            });
                            Map<String, Object> row = new LinkedHashMap<>();
                            if (prefix.isEmpty()) {
                                row.putAll(raw);
                            } else {
                                raw.forEach((k, v) -> row.put(prefix + k, v));
                                if (pseudoTopLevel) {
                                    row.put("ROWTIME", raw.get("ROWTIME"));
                                    row.put("ROWPARTITION", raw.get("ROWPARTITION"));
                                    row.put("ROWOFFSET", raw.get("ROWOFFSET"));
                                }
                            }
                            context.forward(record.withValue(row).withTimestamp(timestamp));
                        } catch (RuntimeException e) {
                            log.warn("Query {} skipped a record it could not read: {}", queryId, e.toString());
                        }
                    }
                }, Named.as(node + ".Deserialize" + name));
    }

    // ------------------------------------------------------------------------------------------ joins

    private KStream<byte[], Map<String, Object>> join(StreamsBuilder builder, KStream<byte[], Map<String, Object>> left,
            StatefulPlan.JoinStep join) {
        StatefulPlan.Input right = steps.sources().get(join.index());
        KTable<byte[], Map<String, Object>> table = materialize(decode(builder, right, true, ""), right);
        if (join.repartitionLeft()) {
            left = rekey(left, join.leftKey(), join, joinName(join) + "-left");
        }
        Joined<byte[], Map<String, Object>, Map<String, Object>> joined =
                Joined.with(Serdes.ByteArray(), rowSerde, rowSerde).withName(joinName(join));
        if (join.type() == Statement.JoinType.LEFT) {
            return left.leftJoin(table, (l, r) -> merge(l, r, join), joined);
        }
        return left.join(table, (l, r) -> merge(l, r, join), joined);
    }

    private static Map<String, Object> merge(Map<String, Object> left, Map<String, Object> right,
            StatefulPlan.JoinStep join) {
        Map<String, Object> row = new LinkedHashMap<>();
        if (left != null) {
            row.putAll(left);
        }
        if (right != null) {
            row.putAll(right);
        }
        if (join.kind() != StatefulPlan.JoinKind.FOREIGN_KEY) {
            Object key = null;
            try {
                key = left == null ? null : join.leftKey().evaluator().evaluate(left);
                if (key == null && right != null) {
                    key = join.rightKey().evaluator().evaluate(right);
                }
            } catch (RuntimeException e) {
                key = null;
            }
            row.put(StatefulPlan.JOIN_KEY, key);
            if (join.syntheticKey()) {
                row.put("ROWKEY", key);
            }
        }
        return row;
    }

    // ------------------------------------------------------------------------------------------ aggregation

    private boolean accepts(Map<String, Object> row) {
        try {
            return steps.where().isEmpty() || Boolean.TRUE.equals(steps.where().get().evaluator().evaluate(row));
        } catch (RuntimeException e) {
            log.warn("Query {} skipped a record whose WHERE failed: {}", queryId, e.toString());
            return false;
        }
    }

    /** The grouping values of a row, or null when one is null or cannot be computed (the row is left out). */
    private List<Object> groupValues(Map<String, Object> row) {
        try {
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < steps.keyExpressions().size(); i++) {
                var e = steps.keyExpressions().get(i);
                Object value = e.evaluator().evaluate(row);
                if (value == null) {
                    return null;
                }
                values.add(e.type() == null ? value : SqlValues.coerce(value, e.type()));
            }
            return values;
        } catch (RuntimeException e) {
            log.warn("Query {} skipped a record whose GROUP BY failed: {}", queryId, e.toString());
            return null;
        }
    }

    /** The key bytes of a group: its values written with the sink's key format. */
    private byte[] groupKey(Map<String, Object> row) {
        List<Object> values = groupValues(row);
        if (values == null) {
            return null;
        }
        return keyBytes(values);
    }

    private byte[] keyBytes(List<Object> values) {
        List<Column> keys = sink.keyColumns();
        Map<String, Object> key = new HashMap<>();
        for (int i = 0; i < keys.size() && i < values.size(); i++) {
            key.put(keys.get(i).name(), SqlValues.coerce(values.get(i), keys.get(i).type()));
        }
        byte[] bytes = sinkCodec.writeKey(key);
        return bytes == null ? new byte[0] : bytes;
    }

    /**
     * An accumulator: the group's values, one accumulator per aggregate call, whether the result before the last
     * update passed HAVING (so a failing update deletes a row only when there was one) and whether the last step was
     * a subtraction whose addition is still to come.
     */
    private List<Object> init() {
        List<Object> acc = new ArrayList<>();
        acc.add(null);
        for (StatefulPlan.AggregateCall call : steps.aggregates()) {
            acc.add(call.function().init());
        }
        acc.add(Boolean.FALSE);
        acc.add(Boolean.FALSE);
        return acc;
    }

    private int flagIndex() {
        return steps.aggregates().size() + 1;
    }

    private boolean havingPasses(List<Object> acc, Map<String, Object> extra) {
        if (acc.get(0) == null) {
            return false;
        }
        if (steps.having().isEmpty()) {
            return true;
        }
        try {
            Map<String, Object> row = postRow(acc);
            row.putAll(extra);
            return Boolean.TRUE.equals(steps.having().get().evaluator().evaluate(row));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Map<String, Object> postRow(List<Object> acc) {
        return MaterializedRows.groupRow(steps, acc);
    }

    private List<Object> add(List<Object> acc, Map<String, Object> row) {
        return step(acc, row, true);
    }

    private List<Object> subtract(List<Object> acc, Map<String, Object> row) {
        return step(acc, row, false);
    }

    private List<Object> step(List<Object> acc, Map<String, Object> row, boolean add) {
        List<Object> next = new ArrayList<>(acc);
        try {
            int flag = flagIndex();
            if (!add) {
                next.set(flag, havingPasses(acc, Map.of()));
                next.set(flag + 1, Boolean.TRUE);
            } else if (Boolean.TRUE.equals(acc.get(flag + 1))) {
                next.set(flag + 1, Boolean.FALSE);
            } else {
                next.set(flag, havingPasses(acc, Map.of()));
            }
            if (add || next.get(0) == null) {
                next.set(0, groupValues(row));
            }
            for (int i = 0; i < steps.aggregates().size(); i++) {
                StatefulPlan.AggregateCall call = steps.aggregates().get(i);
                List<Object> args = new ArrayList<>();
                for (var arg : call.arguments()) {
                    Object value = arg.evaluator().evaluate(row);
                    args.add(value == null || arg.type() == null ? value : SqlValues.coerce(value, arg.type()));
                }
                next.set(i + 1, add ? call.function().add(next.get(i + 1), args)
                        : call.function().subtract(next.get(i + 1), args));
            }
            return next;
        } catch (RuntimeException e) {
            log.warn("Query {} skipped a record it could not aggregate: {}", queryId, e.toString());
            return acc;
        }
    }

    private List<Object> mergeSessions(List<Object> a, List<Object> b) {
        List<Object> merged = new ArrayList<>(b);
        merged.set(flagIndex(), Boolean.TRUE.equals(a.get(flagIndex())) || Boolean.TRUE.equals(b.get(flagIndex())));
        if (merged.get(0) == null) {
            merged.set(0, a.get(0));
        }
        for (int i = 0; i < steps.aggregates().size(); i++) {
            merged.set(i + 1, steps.aggregates().get(i).function().merge(a.get(i + 1), b.get(i + 1)));
        }
        return merged;
    }

    private void aggregate(KStream<byte[], Map<String, Object>> stream) {
        KGroupedStream<byte[], Map<String, Object>> grouped;
        Grouped<byte[], Map<String, Object>> groupedAs = Grouped.with("Aggregate-GroupBy", Serdes.ByteArray(),
                rowSerde);
        DataSource source = steps.sources().get(0).source();
        if (steps.keyUnchanged() && source.formats().keyFormat().equals(sink.formats().keyFormat())
                && source.formats().keyDelimiterChar() == sink.formats().keyDelimiterChar()
                && source.keyColumns().stream().map(Column::type).toList()
                        .equals(sink.keyColumns().stream().map(Column::type).toList())) {
            grouped = stream.groupByKey(groupedAs);
        } else {
            grouped = stream.process(() -> new Processor<byte[], Map<String, Object>, byte[], Map<String, Object>>() {
                private ProcessorContext<byte[], Map<String, Object>> context;

                @Override
                public void init(ProcessorContext<byte[], Map<String, Object>> context) {
                    this.context = context;
                }

                @Override
                public void process(Record<byte[], Map<String, Object>> record) {
                    if (record.value() == null) {
                        return;
                    }
                    byte[] key = groupKey(record.value());
                    if (key != null) {
                        context.forward(record.withKey(key));
                    }
                }
            }, Named.as("Aggregate-Prepare")).groupByKey(groupedAs);
        }
        Named named = Named.as("Aggregate-Aggregate");
        if (steps.window().isEmpty()) {
            KTable<byte[], List<Object>> table = grouped.aggregate(this::init, (k, row, acc) -> add(acc, row),
                    named, Materialized.<byte[], List<Object>, KeyValueStore<Bytes, byte[]>>as(
                            StatefulPlan.AGGREGATE_STORE).withKeySerde(Serdes.ByteArray()).withValueSerde(accSerde));
            emit(table.toStream(Named.as("Aggregate-ToStream"))
                    .process(() -> new AggregateOutput<byte[]>(), Named.as("Aggregate-Project")));
            return;
        }
        Statement.WindowExpression window = steps.window().get();
        Duration grace = window.grace().orElse(DEFAULT_GRACE);
        KTable<Windowed<byte[]>, List<Object>> table;
        if (window.type() == Statement.WindowType.SESSION) {
            Duration retention = max(window.retention().orElse(Duration.ZERO), window.size().plus(grace));
            table = grouped.windowedBy(SessionWindows.ofInactivityGapAndGrace(window.size(), grace))
                    .aggregate(this::init, (k, row, acc) -> add(acc, row), (k, a, b) -> mergeSessions(a, b), named,
                            Materialized.<byte[], List<Object>, SessionStore<Bytes, byte[]>>as(
                                    StatefulPlan.AGGREGATE_STORE).withKeySerde(Serdes.ByteArray())
                                    .withValueSerde(accSerde).withRetention(retention));
        } else {
            TimeWindows windows = TimeWindows.ofSizeAndGrace(window.size(), grace);
            if (window.type() == Statement.WindowType.HOPPING) {
                windows = windows.advanceBy(window.advance().orElse(window.size()));
            }
            Duration retention = max(window.retention().orElse(Duration.ZERO), window.size().plus(grace));
            table = grouped.windowedBy(windows)
                    .aggregate(this::init, (k, row, acc) -> add(acc, row), named,
                            Materialized.<byte[], List<Object>, WindowStore<Bytes, byte[]>>as(
                                    StatefulPlan.AGGREGATE_STORE).withKeySerde(Serdes.ByteArray())
                                    .withValueSerde(accSerde).withRetention(retention));
        }
        if (steps.emit().orElse(Statement.EmitType.CHANGES) == Statement.EmitType.FINAL) {
            table = table.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                    .withName("Suppress"));
        }
        emit(table.toStream(Named.as("Aggregate-ToStream"))
                .process(() -> new AggregateOutput<Windowed<byte[]>>(), Named.as("Aggregate-Project")));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }


    // ------------------------------------------------------------------------------------------ output

    private Map<String, Object> project(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ProjectedColumn column : plan.projection()) {
            Object value = column.expression().evaluator().evaluate(row);
            out.put(column.column().name(), value == null ? null : SqlValues.coerce(value, column.column().type()));
        }
        return out;
    }

    private Map<String, Object> projectKeys(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ProjectedColumn column : plan.projection()) {
            if (column.column().isKey()) {
                Object value = column.expression().evaluator().evaluate(row);
                out.put(column.column().name(), value == null ? null : SqlValues.coerce(value,
                        column.column().type()));
            }
        }
        return out;
    }

    private byte[] writeKey(Map<String, Object> row) {
        if (sink.keyColumns().isEmpty()) {
            return null;
        }
        if (row.values().stream().allMatch(v -> v == null) && sink.keyColumns().size() == 1) {
            return null;
        }
        return sinkCodec.writeKey(row);
    }

    /**
     * The key of a result: its key columns' bytes, followed for a join of windowed sources by the window the
     * joined record's key carried (the joined sides' keys are the same key in the same window).
     */
    private byte[] resultKey(byte[] key, byte[] recordKey) {
        if (joinedWindow.isEmpty() || recordKey == null) {
            return key;
        }
        return WindowedKey.append(key, WindowedKey.of(recordKey, joinedWindow.get()).suffix());
    }

    /** The window a result key of a join of windowed sources carries on. */
    private Optional<Result.Window> joinedWindow(byte[] recordKey) {
        if (joinedWindow.isEmpty() || recordKey == null) {
            return Optional.empty();
        }
        WindowedKey windowed = WindowedKey.of(recordKey, joinedWindow.get());
        return Optional.of(new Result.Window(windowed.start(), windowed.end()));
    }

    /** A push query's deleted table row: the key columns of its record key (the leftmost table's). */
    private Result deletedRow(byte[] recordKey, long timestamp) {
        byte[] key = joinedWindow.isPresent() ? WindowedKey.of(recordKey, joinedWindow.get()).key() : recordKey;
        if (deletedKeyCodec == null) {
            deletedKeyCodec = new RowCodec(sink.keyColumns(), steps.sources().get(0).source().formats());
        }
        return new Result(key.length == 0 ? Map.of() : deletedKeyCodec.readKey(key), true, timestamp,
                joinedWindow(recordKey));
    }

    /**
     * Projects each row of a stream (after joins or PARTITION BY) and writes it with the sink's formats, or hands it
     * to the push query's client.
     */
    private final class RowOutput implements Processor<byte[], Map<String, Object>, byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], Map<String, Object>> record) {
            if (record.value() == null) {
                if (steps.resultType() == SourceType.TABLE && record.key() != null) {
                    if (client == null) {
                        context.forward(new Record<>(record.key(), (byte[]) null, record.timestamp()));
                        return;
                    }
                    try {
                        client.accept(deletedRow(record.key(), record.timestamp()));
                    } catch (RuntimeException e) {
                        log.warn("Query {} skipped a delete whose key it could not read: {}", queryId, e.toString());
                    }
                }
                return;
            }
            try {
                if (!steps.joins().isEmpty()) {
                    Map<String, Object> row = new HashMap<>(record.value());
                    row.put("ROWTIME", record.timestamp());
                    record = record.withValue(row);
                }
                if (record.value().containsKey(TOMBSTONE)) {
                    if (client != null) {
                        Map<String, Object> keys;
                        try {
                            keys = projectKeys(record.value());
                        } catch (RuntimeException e) {
                            keys = Map.of();
                        }
                        client.accept(new Result(keys, true, record.timestamp(), joinedWindow(record.key())));
                        return;
                    }
                    byte[] key;
                    try {
                        key = writeKey(projectKeys(record.value()));
                    } catch (RuntimeException e) {
                        key = null;
                    }
                    context.forward(new Record<>(resultKey(key, record.key()), (byte[]) null, record.timestamp(),
                            record.headers()));
                    return;
                }
                Map<String, Object> out = project(record.value());
                if (client != null) {
                    client.accept(new Result(out, false, record.timestamp(), joinedWindow(record.key())));
                    return;
                }
                context.forward(new Record<>(resultKey(writeKey(out), record.key()), sinkCodec.writeValue(out),
                        record.timestamp(), record.headers()));
            } catch (RuntimeException e) {
                log.warn("Query {} skipped a record it could not process: {}", queryId, e.toString());
            }
        }
    }

    /**
     * Turns each aggregate update into the result row: HAVING, projection, the (windowed) key; written with the sink's
     * formats, or handed to the push query's client.
     */
    private final class AggregateOutput<K> implements Processor<K, List<Object>, byte[], byte[]> {
        private ProcessorContext<byte[], byte[]> context;

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<K, List<Object>> record) {
            try {
                Object k = record.key() instanceof Windowed<?> w ? w.key() : record.key();
                byte[] rawKey = k instanceof Bytes b ? b.get() : (byte[]) k;
                List<Object> acc = record.value();
                if (acc == null || acc.get(0) == null) {
                    if (client != null) {
                        client.accept(new Result(rawKey == null || rawKey.length == 0 ? Map.of()
                                : sinkCodec.readKey(rawKey), true, record.timestamp(), window(record.key())));
                        return;
                    }
                    context.forward(new Record<>(outKey(record.key(), rawKey), null, record.timestamp()));
                    return;
                }
                Map<String, Object> row = postRow(acc);
                if (record.key() instanceof Windowed<?> w) {
                    row.put("WINDOWSTART", w.window().start());
                    row.put("WINDOWEND", w.window().end());
                }
                row.put("ROWTIME", record.timestamp());
                if (steps.having().isPresent()
                        && !Boolean.TRUE.equals(steps.having().get().evaluator().evaluate(row))) {
                    if (Boolean.TRUE.equals(acc.get(flagIndex()))) {
                        if (client != null) {
                            client.accept(new Result(projectKeys(row), true, record.timestamp(),
                                    window(record.key())));
                        } else {
                            context.forward(new Record<>(outKey(record.key(), writeKey(projectKeys(row))), null,
                                    record.timestamp()));
                        }
                    }
                    return;
                }
                Map<String, Object> out = project(row);
                if (client != null) {
                    client.accept(new Result(out, false, record.timestamp(), window(record.key())));
                    return;
                }
                context.forward(new Record<>(outKey(record.key(), writeKey(out)), sinkCodec.writeValue(out),
                        record.timestamp()));
            } catch (RuntimeException e) {
                log.warn("Query {} skipped a result it could not compute: {}", queryId, e.toString());
            }
        }

        private Optional<Result.Window> window(K key) {
            return key instanceof Windowed<?> w ? Optional.of(new Result.Window(w.window().start(), w.window().end()))
                    : Optional.empty();
        }

        private byte[] outKey(K key, byte[] bytes) {
            if (key instanceof Windowed<?> w) {
                return WindowedKey.write(bytes, w.window().start(), w.window().end(),
                        steps.window().get().type() == Statement.WindowType.SESSION);
            }
            return bytes;
        }
    }
}
