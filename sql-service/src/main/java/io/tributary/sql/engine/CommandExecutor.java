package io.tributary.sql.engine;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.ast.Statement.ColumnRole;
import io.tributary.sql.commands.CommandStore;
import io.tributary.sql.commands.CommandVersion;
import io.tributary.sql.commands.LoggedCommand;
import io.tributary.sql.entity.CommandStatus;
import io.tributary.sql.entity.CommandStatusEntity;
import io.tributary.sql.entity.KsqlEntity;
import io.tributary.sql.entity.WarningEntity;
import io.tributary.sql.expression.ExpressionException;
import io.tributary.sql.format.RecordFormat;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.metastore.Formats;
import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.parser.SqlParser;
import io.tributary.sql.queries.PersistentQuery;
import io.tributary.sql.queries.QueryPlan;
import io.tributary.sql.queries.QueryPlanner;
import io.tributary.sql.queries.QueryRegistry;
import io.tributary.sql.queries.TableStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the statements that change the metastore (CREATE, CSAS/CTAS, INSERT INTO ... SELECT, DROP, TERMINATE).
 * Each is validated against the metastore, its Kafka side effects done, then appended to the command log with its
 * sequence number, and only then applied: a statement that fails leaves nothing behind. Replaying the log applies
 * the same statements again without their side effects, which rebuilds the metastore and the queries.
 */
public class CommandExecutor {

    private static final Logger log = LoggerFactory.getLogger(CommandExecutor.class);

    private final MetaStore metaStore;
    private final QueryRegistry queries;
    private final CommandStore commandLog;
    private final KafkaTopics topics;
    private final SqlParser parser = new SqlParser();
    private final QueryPlanner planner = new QueryPlanner();
    private long lastApplied = -1;
    /** Written under this executor's lock, read without it (health checks must not wait behind a statement). */
    private volatile LoggedCommand incompatible;

    public CommandExecutor(MetaStore metaStore, QueryRegistry queries, CommandStore commandLog, KafkaTopics topics) {
        this.metaStore = metaStore;
        this.queries = queries;
        this.commandLog = commandLog;
        this.topics = topics;
    }

    /** The sequence number of the last command this server applied (-1 before the first). */
    public synchronized long lastApplied() {
        return lastApplied;
    }

    /**
     * The command of the log this server cannot execute, written by a newer release: while there is one, this
     * server is DEGRADED, as ksqlDB's command runner is: it executes neither that command nor any after it, and
     * refuses new ones, but keeps what it runs.
     */
    public Optional<LoggedCommand> incompatibleCommand() {
        return Optional.ofNullable(incompatible);
    }

    /**
     * Runs one distributed statement and answers its entity.
     *
     * @throws IncompatibleCommandLogException when the log holds a command this release cannot execute
     */
    public synchronized KsqlEntity execute(String text, Statement statement, Map<String, Object> properties) {
        if (incompatible != null) {
            // as ksqlDB validates a request before its command runner refuses it: a bad statement is still a 400
            // (validated as a live one; its side effects are never run)
            prepare(text, statement, properties, lastApplied + 1, true);
            throw new IncompatibleCommandLogException();
        }
        Optional<KsqlEntity> warning = alreadyExists(text, statement);
        if (warning.isPresent()) {
            return warning.get();
        }
        Prepared prepared = commandLog.append(sequence -> {
            catchUp(true);
            if (incompatible != null) {
                throw new IncompatibleCommandLogException();
            }
            Prepared command = prepare(text, statement, properties, sequence, true);
            command.sideEffects().run();
            return command;
        });
        try {
            prepared.apply().accept(true);
        } finally {
            // logged is logged: a failure here must not make the next catch-up apply it a second time
            lastApplied = prepared.sequence();
        }
        return new CommandStatusEntity(text, prepared.commandId(),
                new CommandStatus("SUCCESS", prepared.message(), prepared.queryId()), prepared.sequence(), List.of());
    }

    /**
     * Applies the commands of the log this server has not applied yet, in order. {@code startQueries} false
     * registers queries without starting them (start-up: they start together once the whole log is read).
     */
    public synchronized void catchUp(boolean startQueries) {
        if (incompatible != null) {
            return;
        }
        for (LoggedCommand command : commandLog.after(lastApplied)) {
            if (!command.executable()) {
                incompatible = command;
                log.warn("Command {} was written for command version {}, newer than this release's {}: it and every"
                        + " command after it are not executed, and new statements are refused (DEGRADED) until a"
                        + " release that knows it runs", command.sequenceNumber(), command.version(),
                        CommandVersion.CURRENT);
                return;
            }
            try {
                String text = command.statement();
                Prepared prepared = prepare(text, parser.parse(text), command.properties(), command.sequenceNumber(),
                        false);
                prepared.apply().accept(startQueries);
            } catch (RuntimeException e) {
                log.error("Command {} ({}) could not be replayed: {}", command.sequenceNumber(), command.statement(),
                        e.getMessage());
            }
            lastApplied = command.sequenceNumber();
        }
    }

    private Optional<KsqlEntity> alreadyExists(String text, Statement statement) {
        String name = null;
        SourceType type = null;
        boolean ifNotExists = false;
        if (statement instanceof Statement.CreateSource c) {
            name = c.name();
            type = c.type();
            ifNotExists = c.ifNotExists();
        } else if (statement instanceof Statement.CreateAsSelect c) {
            name = c.name();
            type = c.type();
            ifNotExists = c.ifNotExists();
        }
        if (!ifNotExists) {
            return Optional.empty();
        }
        SourceType creating = type;
        String sourceName = name;
        return metaStore.source(name).map(existing -> new WarningEntity(text, "Cannot add " + kind(creating) + " "
                + sourceName + ": A " + kind(existing.type()) + " with the same name already exists.", List.of()));
    }

    /** What {@code EXPLAIN <statement>} shows of a query that has not run: its id, plan and sink. */
    public record Explained(String queryId, QueryPlan plan, DataSource sink) {
    }

    /**
     * Validates a CSAS, CTAS or {@code INSERT INTO ... SELECT} as if it ran next, without running it, and answers
     * the query it would start.
     */
    public synchronized Explained explain(String text, Statement statement, Map<String, Object> properties) {
        if (!(statement instanceof Statement.CreateAsSelect) && !(statement instanceof Statement.InsertInto)) {
            throw new KsqlStatementException("The provided statement does not run a ksql query");
        }
        Prepared prepared = prepare(text, statement, properties, lastApplied + 1, false);
        try {
            if (statement instanceof Statement.CreateAsSelect c) {
                DataSource source = source(c.query().from().source());
                QueryPlan plan = planner.planPersistent(c.query(), this::source, true, c.name(), statementKind(c));
                DataSource sink = new DataSource(c.name(), c.type(), plan.resultColumns(),
                        c.properties().string("KAFKA_TOPIC").orElse(c.name()),
                        SourceProperties.formats(c.properties(), Optional.of(source.formats())),
                        timestampColumn(c.properties(), plan.resultColumns()),
                        c.properties().string("TIMESTAMP_FORMAT"), text, false, plan.resultWindow());
                return new Explained(prepared.queryId(), plan, sink);
            }
            Statement.InsertInto i = (Statement.InsertInto) statement;
            QueryPlan plan = planner.planPersistent(i.query(), this::source, false, i.target(), "INSERT INTO");
            return new Explained(prepared.queryId(), plan, source(i.target()));
        } catch (ExpressionException | IllegalArgumentException e) {
            throw new KsqlStatementException(e.getMessage());
        }
    }

    /** A validated command: its wire identity, its Kafka side effects (live only) and how it changes state. */
    record Prepared(long sequence, String text, Map<String, Object> properties, String commandId, String message,
            String queryId, Runnable sideEffects, Consumer<Boolean> apply) implements CommandStore.Appendable {
        @Override
        public LoggedCommand toLog(long sequenceNumber) {
            return new LoggedCommand(sequenceNumber, commandId, text, properties, "SUCCESS", message, queryId,
                    CommandVersion.CURRENT);
        }
    }

    private Prepared prepare(String text, Statement statement, Map<String, Object> properties, long sequence,
            boolean live) {
        try {
            if (statement instanceof Statement.CreateSource c) {
                return createSource(text, c, properties, sequence, live);
            }
            if (statement instanceof Statement.CreateAsSelect c) {
                return createAsSelect(text, c, properties, sequence, live);
            }
            if (statement instanceof Statement.InsertInto i) {
                return insertInto(text, i, properties, sequence);
            }
            if (statement instanceof Statement.DropSource d) {
                return drop(text, d, properties, sequence, live);
            }
            if (statement instanceof Statement.Terminate t) {
                return terminate(text, t, properties, sequence, live);
            }
        } catch (ExpressionException | IllegalArgumentException e) {
            throw new KsqlStatementException(e.getMessage());
        }
        throw new KsqlStatementException("Unsupported statement: " + text);
    }

    // ------------------------------------------------------------------------------------------ CREATE

    private Prepared createSource(String text, Statement.CreateSource c, Map<String, Object> properties,
            long sequence, boolean live) {
        checkNotTaken(c.name(), c.type(), c.orReplace());
        SourceProperties.checkNames(c.properties(), SourceProperties.CREATE_SOURCE);
        String topic = c.properties().string("KAFKA_TOPIC").orElseThrow(() -> new KsqlStatementException(
                "Missing required property \"KAFKA_TOPIC\" which has no default value."));
        Formats formats = SourceProperties.formats(c.properties(), Optional.empty());
        List<Column> columns = columns(c);
        Optional<String> timestamp = timestampColumn(c.properties(), columns);
        validateCodec(columns, formats);
        Optional<Integer> partitions = SourceProperties.partitions(c.properties());
        Optional<Short> replicas = SourceProperties.replicas(c.properties());
        Runnable sideEffects = () -> { };
        if (live) {
            Optional<TopicDescription> existing = topics.describe(topic);
            if (existing.isEmpty() && partitions.isEmpty()) {
                throw new KsqlStatementException("Topic '" + topic + "' does not exist. If you want to create a new"
                        + " topic for the " + kind(c.type()) + " please re-run the statement providing the required"
                        + " 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS'). For example: "
                        + "CREATE " + c.type() + " " + c.name() + " (...) WITH (KAFKA_TOPIC='" + topic
                        + "', PARTITIONS=2, REPLICAS=1, ...);");
            }
            if (existing.isPresent() && partitions.isPresent()
                    && existing.get().partitions().size() != partitions.get()) {
                throw new KsqlStatementException("A Kafka topic with the name '" + topic + "' already exists, with"
                        + " different partition/replica configuration than required by KSQL.\nKSQL requires "
                        + partitions.get() + " partitions (topic has " + existing.get().partitions().size() + ").");
            }
            if (existing.isEmpty()) {
                sideEffects = () -> topics.create(topic, partitions.get(), replicas);
            }
        }
        DataSource source = new DataSource(c.name(), c.type(), columns, topic, formats, timestamp,
                c.properties().string("TIMESTAMP_FORMAT"), text, c.sourceOnly(), sourceWindow(c.properties()));
        String message = c.type() == SourceType.STREAM ? "Stream created" : "Table created";
        return new Prepared(sequence, text, properties, commandId(c.type(), c.name(), "create"), message, null,
                sideEffects, start -> metaStore.put(source));
    }

    private List<Column> columns(Statement.CreateSource c) {
        if (c.elements().isEmpty()) {
            throw new KsqlStatementException("The statement does not define any columns.");
        }
        List<Column> keys = new ArrayList<>();
        List<Column> values = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Statement.TableElement element : c.elements()) {
            if (!names.add(element.name())) {
                throw new KsqlStatementException("Duplicate column names: " + element.name());
            }
            ColumnRole role = element.role();
            if (c.type() == SourceType.STREAM && role == ColumnRole.PRIMARY_KEY) {
                throw new KsqlStatementException("Column `" + element.name() + "` is a 'PRIMARY KEY' column: please"
                        + " use 'KEY' for streams.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams"
                        + " have KEYs, which have no uniqueness or NOT NULL constraints.");
            }
            if (c.type() == SourceType.TABLE && role == ColumnRole.KEY) {
                throw new KsqlStatementException("Column `" + element.name() + "` is a 'KEY' column: please use"
                        + " 'PRIMARY KEY' for tables.\nTables have PRIMARY KEYs, which are unique and NON NULL.\n"
                        + "Streams have KEYs, which have no uniqueness or NOT NULL constraints.");
            }
            if (role == ColumnRole.HEADERS) {
                if (!element.type().equals(Column.HEADERS_TYPE)) {
                    throw new KsqlStatementException("Invalid type for HEADERS column: expected "
                            + Column.HEADERS_TYPE + ", got " + element.type());
                }
                if (values.stream().anyMatch(v -> v.namespace() == Column.Namespace.HEADER
                        && v.headerKey().isEmpty())) {
                    throw new KsqlStatementException("Schema already contains a HEADERS column.");
                }
                values.add(Column.header(element.name(), element.type(), Optional.empty()));
                continue;
            }
            if (role == ColumnRole.HEADER) {
                if (element.type().base() != SqlType.BaseType.BYTES) {
                    throw new KsqlStatementException("Invalid type for HEADER('" + element.headerKey().orElse("")
                            + "') column: expected BYTES, got " + element.type());
                }
                values.add(Column.header(element.name(), element.type(), element.headerKey()));
                continue;
            }
            if (role == ColumnRole.KEY || role == ColumnRole.PRIMARY_KEY) {
                keys.add(Column.key(element.name(), element.type()));
            } else {
                values.add(Column.value(element.name(), element.type()));
            }
        }
        if (c.type() == SourceType.TABLE && keys.isEmpty()) {
            throw new KsqlStatementException("Tables require a PRIMARY KEY. Please define the PRIMARY KEY.");
        }
        for (Column column : values) {
            if (Set.of("ROWTIME", "ROWPARTITION", "ROWOFFSET").contains(column.name())) {
                throw new KsqlStatementException("'" + column.name() + "' is a reserved column name.");
            }
        }
        List<Column> all = new ArrayList<>(keys);
        all.addAll(values);
        return all;
    }

    /**
     * The TIMESTAMP column, checked as ksqlDB checks it: BIGINT or TIMESTAMP (a TIMESTAMP_FORMAT is then unused), or
     * STRING with a TIMESTAMP_FORMAT that is a valid {@link java.time.format.DateTimeFormatter} pattern.
     */
    private static Optional<String> timestampColumn(Statement.Properties p, List<Column> columns) {
        Optional<String> name = p.string("TIMESTAMP").map(s -> s.toUpperCase(Locale.ROOT));
        if (name.isEmpty()) {
            return name;
        }
        Column column = columns.stream().filter(c -> c.name().equals(name.get())).findFirst().orElseThrow(() ->
                new KsqlStatementException("The TIMESTAMP column set in the WITH clause does not exist in the"
                        + " schema: '" + name.get() + "'"));
        SqlType.BaseType base = column.type().base();
        if (base == SqlType.BaseType.BIGINT || base == SqlType.BaseType.TIMESTAMP) {
            return name;
        }
        if (base != SqlType.BaseType.STRING) {
            throw new KsqlStatementException("Timestamp column, `" + column.name() + "`, should be LONG(INT64),"
                    + " TIMESTAMP, or a String with a timestamp_format specified.");
        }
        String format = p.string("TIMESTAMP_FORMAT").orElseThrow(() -> new KsqlStatementException("A String"
                + " timestamp field has been specified without also specifying the timestamp_format"));
        try {
            io.tributary.sql.metastore.TimestampFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new KsqlStatementException("Invalid TIMESTAMP_FORMAT '" + format + "': " + e.getMessage());
        }
        return name;
    }

    private static void validateCodec(List<Column> columns, Formats formats) {
        if (formats.keyFormat().equals("NONE") && columns.stream().anyMatch(Column::isKey)) {
            throw new KsqlStatementException("The 'NONE' format can only be used when no columns are defined."
                    + " Got: " + columns.stream().filter(Column::isKey).map(Column::describe).toList());
        }
        for (Column column : columns) {
            boolean kafka = column.isKey() ? formats.keyFormat().equals("KAFKA")
                    : formats.valueFormat().equals("KAFKA");
            if (kafka && !RecordFormat.kafkaSupports(column.type())) {
                throw new KsqlStatementException("The 'KAFKA' format does not support type '" + column.type().base()
                        + "'");
            }
        }
        new RowCodec(columns, formats);
    }

    private void checkNotTaken(String name, SourceType type, boolean orReplace) {
        Optional<DataSource> existing = metaStore.source(name);
        if (existing.isEmpty()) {
            return;
        }
        if (orReplace && existing.get().type() == type) {
            return;
        }
        throw new KsqlStatementException("Cannot add " + kind(type) + " '" + name + "': A " + kind(existing.get().type())
                + " with the same name already exists");
    }

    // ------------------------------------------------------------------------------------------ CSAS / CTAS

    private static String statementKind(Statement.CreateAsSelect c) {
        return "CREATE " + c.type() + " AS SELECT";
    }

    private Prepared createAsSelect(String text, Statement.CreateAsSelect c, Map<String, Object> properties,
            long sequence, boolean live) {
        checkNotTaken(c.name(), c.type(), c.orReplace());
        SourceProperties.checkNames(c.properties(), SourceProperties.CREATE_SOURCE);
        DataSource source = source(c.query().from().source());
        QueryPlan plan = planner.planPersistent(c.query(), this::source, true, c.name(), statementKind(c));
        if (plan.resultType() != c.type()) {
            throw new KsqlStatementException("Invalid result type. Your SELECT query produces a " + plan.resultType()
                    + ". Please use CREATE " + plan.resultType() + " AS SELECT statement instead.");
        }
        Formats formats = sinkKeyFormat(SourceProperties.formats(c.properties(), Optional.of(source.formats())),
                plan.resultColumns(), c.properties(), plan);
        validateCodec(plan.resultColumns(), formats);
        String topic = c.properties().string("KAFKA_TOPIC").orElse(c.name());
        Optional<String> timestamp = timestampColumn(c.properties(), plan.resultColumns());
        DataSource sink = new DataSource(c.name(), c.type(), plan.resultColumns(), topic, formats, timestamp,
                c.properties().string("TIMESTAMP_FORMAT"), text, false, plan.resultWindow());
        String existingQuery = c.orReplace() ? writers(c.name()).stream().findFirst().orElse(null) : null;
        String queryId = existingQuery != null ? existingQuery
                : (c.type() == SourceType.STREAM ? "CSAS_" : "CTAS_") + c.name().toUpperCase(Locale.ROOT) + "_"
                        + sequence;
        Runnable sideEffects = live ? sinkTopic(topic, source, c.properties()) : () -> { };
        return new Prepared(sequence, text, properties, commandId(c.type(), c.name(), "create"),
                "Created query with ID " + queryId, queryId, sideEffects, start -> {
                    metaStore.put(sink);
                    queries.register(queryId, text, plan, sink, properties, start,
                            sink.type() != SourceType.TABLE || TableStore.inAggregateStore(plan)
                                    || keepsTableStore(queryId, live));
                });
    }

    private Runnable sinkTopic(String topic, DataSource source, Statement.Properties p) {
        Optional<TopicDescription> existing = topics.describe(topic);
        if (existing.isPresent()) {
            return () -> { };
        }
        Optional<TopicDescription> sourceTopic = topics.describe(source.topic());
        int partitions = SourceProperties.partitions(p)
                .orElse(sourceTopic.map(t -> t.partitions().size()).orElse(1));
        Optional<Short> replicas = SourceProperties.replicas(p).or(() -> sourceTopic
                .map(t -> (short) t.partitions().get(0).replicas().size()));
        return () -> topics.create(topic, partitions, replicas);
    }

    // ------------------------------------------------------------------------------------------ INSERT INTO

    private Prepared insertInto(String text, Statement.InsertInto i, Map<String, Object> properties, long sequence) {
        SourceProperties.checkNames(i.properties(), SourceProperties.INSERT_INTO);
        DataSource target = source(i.target());
        if (target.type() != SourceType.STREAM) {
            throw new KsqlStatementException("INSERT INTO can only be used to insert into a stream. " + target.name()
                    + " is a table.");
        }
        if (target.sourceOnly()) {
            throw new KsqlStatementException("Cannot insert into read-only stream: " + target.name());
        }
        DataSource source = source(i.query().from().source());
        if (source.type() != SourceType.STREAM) {
            throw new KsqlStatementException("INSERT INTO can only be used to insert from a stream. " + source.name()
                    + " is a table.");
        }
        QueryPlan plan = planner.planPersistent(i.query(), this::source, false, target.name(), "INSERT INTO");
        if (!compatible(plan.resultColumns(), target.columns())) {
            throw new KsqlStatementException("Incompatible schema between results and sink.\nResult schema is "
                    + describe(plan.resultColumns()) + "\nSink schema is " + target.schemaString());
        }
        String queryId = i.properties().string("QUERY_ID").map(s -> s.toUpperCase(Locale.ROOT))
                .orElse("INSERTQUERY_" + sequence);
        if (queries.get(queryId).isPresent()) {
            throw new KsqlStatementException("Query ID '" + queryId + "' already exists.");
        }
        return new Prepared(sequence, text, properties, commandId(SourceType.STREAM, target.name(), "create"),
                "Created query with ID " + queryId, queryId, () -> { },
                start -> queries.register(queryId, text, plan, target, properties, start));
    }

    /**
     * Whether a table query keeps its table in a state store for pull queries: every query created now does; one
     * replayed from the log only if it did when it ran before (its app has committed offsets but no store changelog:
     * created before such stores existed; given one now, the store would hold only rows written since).
     */
    private boolean keepsTableStore(String queryId, boolean live) {
        if (live) {
            return true;
        }
        String applicationId = queries.applicationId(queryId);
        return !topics.hasCommittedOffsets(applicationId)
                || topics.exists(applicationId + "-" + TableStore.NAME + "-changelog");
    }

    private static boolean compatible(List<Column> result, List<Column> sink) {
        if (result.size() != sink.size()) {
            return false;
        }
        for (int i = 0; i < result.size(); i++) {
            Column r = result.get(i);
            Column s = sink.get(i);
            if (!r.name().equals(s.name()) || !r.type().equals(s.type()) || r.isKey() != s.isKey()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Column> columns) {
        return String.join(", ", columns.stream().map(Column::describe).toList());
    }

    // ------------------------------------------------------------------------------------------ DROP, TERMINATE

    private Prepared drop(String text, Statement.DropSource d, Map<String, Object> properties, long sequence,
            boolean live) {
        Optional<DataSource> existing = metaStore.source(d.name());
        String commandId = d.type().name().toLowerCase(Locale.ROOT) + "/" + d.name() + "/drop";
        if (existing.isEmpty()) {
            if (!d.ifExists()) {
                throw new KsqlStatementException("Source " + d.name() + " does not exist.");
            }
            return new Prepared(sequence, text, properties, commandId, "Source `" + d.name() + "` does not exist.",
                    null, () -> { }, start -> { });
        }
        DataSource source = existing.get();
        if (source.type() != d.type()) {
            throw new KsqlStatementException("Incompatible data source type is " + source.type()
                    + ", but statement was DROP " + d.type());
        }
        List<String> readers = readers(d.name());
        List<String> writers = writers(d.name());
        if (live && (!readers.isEmpty() || !writers.isEmpty())) {
            throw new KsqlStatementException("Cannot drop " + d.name() + ".\nThe following queries read from this"
                    + " source: " + readers + ".\nThe following queries write into this source: " + writers
                    + ".\nYou need to terminate them before dropping " + d.name() + ".");
        }
        return new Prepared(sequence, text, properties, commandId,
                "Source `" + d.name() + "` (topic: " + source.topic() + ") was dropped.", null, () -> { }, start -> {
                    metaStore.remove(d.name());
                    if (live && d.deleteTopic()) {
                        topics.delete(source.topic());
                    }
                });
    }

    private Prepared terminate(String text, Statement.Terminate t, Map<String, Object> properties, long sequence,
            boolean live) {
        if (t.queryId().isEmpty()) {
            return new Prepared(sequence, text, properties, "terminate/ALL/execute", "Query terminated.", null,
                    () -> { }, start -> queries.all().forEach(q -> queries.terminate(q.id())));
        }
        String queryId = t.queryId().get().toUpperCase(Locale.ROOT);
        String known = queries.get(queryId).map(PersistentQuery::id)
                .or(() -> queries.get(t.queryId().get()).map(PersistentQuery::id)).orElse(null);
        if (known == null && live) {
            throw new KsqlStatementException("Unknown queryId: " + t.queryId().get());
        }
        String id = known == null ? queryId : known;
        return new Prepared(sequence, text, properties, "terminate/" + id + "/execute", "Query terminated.", null,
                () -> { }, start -> queries.terminate(id));
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * The key format of a query's sink when it was not given: a source key format that cannot hold the result's key
     * (NONE with key columns, KAFKA with several) gives way to the value format, as ksqlDB does.
     */
    private static Formats sinkKeyFormat(Formats formats, List<Column> columns, Statement.Properties p,
            QueryPlan plan) {
        long keys = columns.stream().filter(Column::isKey).count();
        boolean explicit = p.string("KEY_FORMAT").isPresent() || p.string("FORMAT").isPresent();
        String keyFormat = formats.keyFormat();
        // a join's result is keyed like the join key: the format both sides' keys were written with
        Optional<io.tributary.sql.queries.StatefulPlan.JoinStep> lastJoin = plan.stateful()
                .flatMap(st -> st.joins().stream().filter(j -> j.kind()
                        != io.tributary.sql.queries.StatefulPlan.JoinKind.FOREIGN_KEY).reduce((a, b) -> b));
        if (!explicit && lastJoin.isPresent()) {
            keyFormat = lastJoin.get().keyFormats().keyFormat();
        }
        if (keys > 0 && keyFormat.equals("NONE")) {
            keyFormat = formats.valueFormat();
        }
        if (keys == 0 && !explicit) {
            keyFormat = "NONE";
        }
        if (keys > 1 && keyFormat.equals("KAFKA")) {
            if (explicit || formats.valueFormat().equals("KAFKA")) {
                throw new KsqlStatementException("Key format does not support schema.\nformat: KAFKA\nschema: "
                        + "Persistence{columns=[" + String.join(", ", columns.stream().filter(Column::isKey)
                        .map(Column::describe).toList()) + "], features=[]}\nreason: The 'KAFKA' format only "
                        + "supports a single field. Got: [" + String.join(", ", columns.stream()
                        .filter(Column::isKey).map(Column::describe).toList()) + "]");
            }
            keyFormat = formats.valueFormat();
        }
        if (keyFormat.equals(formats.keyFormat())) {
            return formats;
        }
        return new Formats(keyFormat, formats.valueFormat(), formats.keyDelimiter().or(formats::valueDelimiter),
                formats.valueDelimiter(), formats.wrapSingleValue());
    }

    /** {@code WINDOW_TYPE} / {@code WINDOW_SIZE} of a source whose topic holds windowed keys. */
    private static Optional<io.tributary.sql.metastore.WindowInfo> sourceWindow(Statement.Properties p) {
        Optional<String> type = p.string("WINDOW_TYPE").map(t -> t.toUpperCase(Locale.ROOT));
        if (type.isEmpty()) {
            return Optional.empty();
        }
        if (!List.of("TUMBLING", "HOPPING", "SESSION").contains(type.get())) {
            throw new KsqlStatementException("WINDOW_TYPE property is not set correctly. value: " + type.get()
                    + ", validValues: [SESSION, HOPPING, TUMBLING]");
        }
        Optional<java.time.Duration> size = p.string("WINDOW_SIZE").map(text -> {
            String[] parts = text.trim().split("\\s+");
            long amount = Long.parseLong(parts[0]);
            String unit = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "MILLISECONDS";
            if (unit.endsWith("S")) {
                unit = unit.substring(0, unit.length() - 1);
            }
            return switch (unit) {
                case "MILLISECOND" -> java.time.Duration.ofMillis(amount);
                case "SECOND" -> java.time.Duration.ofSeconds(amount);
                case "MINUTE" -> java.time.Duration.ofMinutes(amount);
                case "HOUR" -> java.time.Duration.ofHours(amount);
                case "DAY" -> java.time.Duration.ofDays(amount);
                default -> throw new KsqlStatementException("Invalid WINDOW_SIZE: " + text);
            };
        });
        if (!type.get().equals("SESSION") && size.isEmpty()) {
            throw new KsqlStatementException(type.get() + " windows require 'WINDOW_SIZE' to be set.");
        }
        return Optional.of(new io.tributary.sql.metastore.WindowInfo(type.get(), size));
    }

    private DataSource source(String name) {
        return metaStore.source(name).orElseThrow(() -> new KsqlStatementException(
                "Exception while preparing statement: " + name + " does not exist."));
    }

    /** The persistent queries that read a source. */
    public List<String> readers(String name) {
        return queries.all().stream().filter(q -> q.sourceNames().contains(name)).map(PersistentQuery::id).toList();
    }

    /** The persistent queries that write into a source. */
    public List<String> writers(String name) {
        return queries.all().stream().filter(q -> q.sinkName().equals(name)).map(PersistentQuery::id).toList();
    }

    private static String commandId(SourceType type, String name, String action) {
        return type.name().toLowerCase(Locale.ROOT) + "/`" + name + "`/" + action;
    }

    private static String kind(SourceType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
