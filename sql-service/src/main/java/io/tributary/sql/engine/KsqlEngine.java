package io.tributary.sql.engine;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.entity.FieldInfo;
import io.tributary.sql.entity.FunctionDescriptionList;
import io.tributary.sql.entity.FunctionNameList;
import io.tributary.sql.entity.KafkaTopicsList;
import io.tributary.sql.entity.KsqlEntity;
import io.tributary.sql.entity.PropertiesList;
import io.tributary.sql.entity.QueriesList;
import io.tributary.sql.entity.QueryDescription;
import io.tributary.sql.entity.QueryDescriptionEntity;
import io.tributary.sql.entity.RunningQuery;
import io.tributary.sql.entity.SourceDescription;
import io.tributary.sql.entity.SourceDescriptionEntity;
import io.tributary.sql.entity.SourceDescriptionList;
import io.tributary.sql.entity.SourceInfo;
import io.tributary.sql.entity.StreamsList;
import io.tributary.sql.entity.TablesList;
import io.tributary.sql.entity.VariablesList;
import io.tributary.sql.expression.ExpressionCompiler;
import io.tributary.sql.expression.ExpressionException;
import io.tributary.sql.expression.FunctionSignatures;
import io.tributary.sql.expression.Functions;
import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.entity.TerminateQueryEntity;
import io.tributary.sql.queries.PushQueries;
import io.tributary.sql.queries.PushQuery;
import io.tributary.sql.format.RowCodec;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.parser.SqlParseException;
import io.tributary.sql.parser.SqlParser;
import io.tributary.sql.queries.PersistentQuery;
import io.tributary.sql.queries.QueryRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.Topology;

/**
 * Runs the statements of a {@code POST /ksql} request in order. Statements that change the metastore go to the
 * {@link CommandExecutor}; listings, descriptions and {@code INSERT ... VALUES} run here. {@code SET},
 * {@code UNSET}, {@code DEFINE} and {@code UNDEFINE} change only the later statements of the same request.
 */
public class KsqlEngine {

    private static final Set<String> OFFSET_RESETS = Set.of("earliest", "latest", "none");

    private final SqlParser parser = new SqlParser();
    private final PushQueries pushQueries;
    private final MetaStore metaStore;
    private final QueryRegistry queries;
    private final CommandExecutor commands;
    private final KafkaTopics topics;
    private final RowProducer producer;
    private final Map<String, String> serverProperties;

    public KsqlEngine(MetaStore metaStore, QueryRegistry queries, CommandExecutor commands, KafkaTopics topics,
            RowProducer producer, Map<String, String> serverProperties) {
        this(metaStore, queries, commands, topics, producer, serverProperties, null);
    }

    /** With the server's push queries, which SHOW QUERIES lists and TERMINATE ends (none in the QTT runner). */
    public KsqlEngine(MetaStore metaStore, QueryRegistry queries, CommandExecutor commands, KafkaTopics topics,
            RowProducer producer, Map<String, String> serverProperties, PushQueries pushQueries) {
        this.pushQueries = pushQueries;
        this.metaStore = metaStore;
        this.queries = queries;
        this.commands = commands;
        this.topics = topics;
        this.producer = producer;
        this.serverProperties = Map.copyOf(serverProperties);
    }

    /**
     * Runs every statement of {@code sql}; the entities of those that answer one, in order.
     *
     * @throws RequestFailure when a statement fails: its text, why, and the entities of the statements before it
     */
    public List<KsqlEntity> execute(String sql, Map<String, Object> streamsProperties,
            Map<String, String> sessionVariables) {
        List<KsqlEntity> entities = new ArrayList<>();
        Map<String, Object> properties = new LinkedHashMap<>(streamsProperties);
        Map<String, String> variables = new HashMap<>();
        sessionVariables.forEach((k, v) -> variables.put(k.toUpperCase(Locale.ROOT), v));
        List<String> statements;
        try {
            statements = parser.split(sql);
            checkProperties(properties);
        } catch (KsqlStatementException e) {
            throw new RequestFailure(e.errorCode(), e.getMessage(), sql, entities);
        }
        for (String raw : statements) {
            String text = raw;
            try {
                text = parser.substitute(raw, variables);
                Statement statement = parser.parse(text);
                execute(text, statement, properties, variables).ifPresent(entities::add);
            } catch (IncompatibleCommandLogException e) {
                // as ksqlDB answers it: a server error about the whole request, without what ran before
                throw new RequestFailure(KsqlStatementException.SERVER_ERROR, e.getMessage(), sql, List.of());
            } catch (SqlParseException | ExpressionException e) {
                throw new RequestFailure(KsqlStatementException.BAD_STATEMENT, e.getMessage(), text, entities);
            } catch (KsqlStatementException e) {
                throw new RequestFailure(e.errorCode(), e.getMessage(), text, entities);
            }
        }
        return entities;
    }

    /** The statement text {@code POST /ksql/terminate} answers for. */
    public static final String TERMINATE_CLUSTER = "TERMINATE CLUSTER;";

    /**
     * {@code TERMINATE CLUSTER}: terminates every persistent query and drops every stream and table, deleting the
     * topics whose names fully match one of {@code deleteTopicPatterns} (regular expressions). Each step goes through
     * the command log, so a restarted server stays terminated.
     *
     * @throws RequestFailure when a pattern is not a regular expression (40000) or a step fails (50000)
     */
    public KsqlEntity terminateCluster(List<String> deleteTopicPatterns) {
        List<java.util.regex.Pattern> patterns = new ArrayList<>();
        for (String pattern : deleteTopicPatterns) {
            try {
                patterns.add(java.util.regex.Pattern.compile(pattern));
            } catch (java.util.regex.PatternSyntaxException | NullPointerException e) {
                throw new RequestFailure(KsqlStatementException.BAD_REQUEST, "Invalid pattern in deleteTopicList: "
                        + pattern, TERMINATE_CLUSTER, List.of());
            }
        }
        try {
            if (commands.incompatibleCommand().isPresent()) {
                throw new IncompatibleCommandLogException();
            }
            if (!queries.all().isEmpty()) {
                commands.execute("TERMINATE ALL;", new Statement.Terminate(Optional.empty()), Map.of());
            }
            for (DataSource source : metaStore.all()) {
                boolean delete = patterns.stream().anyMatch(p -> p.matcher(source.topic()).matches());
                String text = "DROP " + source.type().name() + " IF EXISTS `" + source.name() + "`"
                        + (delete ? " DELETE TOPIC" : "") + ";";
                commands.execute(text, new Statement.DropSource(source.type(), source.name(), true, delete), Map.of());
            }
        } catch (RuntimeException e) {
            throw new RequestFailure(KsqlStatementException.SERVER_ERROR, e.getMessage(), TERMINATE_CLUSTER,
                    List.of());
        }
        return new io.tributary.sql.entity.CommandStatusEntity(TERMINATE_CLUSTER,
                "cluster/TerminateCluster/terminate", io.tributary.sql.entity.CommandStatus.success(
                        "Cluster terminated."), commands.lastApplied(), List.of());
    }

    private Optional<KsqlEntity> execute(String text, Statement statement, Map<String, Object> properties,
            Map<String, String> variables) {
        if (statement instanceof Statement.Terminate t && t.queryId().isPresent() && pushQueries != null
                && t.queryId().get().toLowerCase(Locale.ROOT).startsWith("transient_")) {
            // push queries live on this server only: ended here, never logged as a command
            String id = pushQueries.running().stream().map(PushQuery::id)
                    .filter(q -> q.equalsIgnoreCase(t.queryId().get())).findFirst().orElse(t.queryId().get());
            Optional<PushQuery> query = pushQueries.find(id);
            query.ifPresent(PushQuery::close);
            return Optional.of(new TerminateQueryEntity(text, id, query.isPresent(), List.of()));
        }
        if (statement instanceof Statement.CreateSource || statement instanceof Statement.CreateAsSelect
                || statement instanceof Statement.InsertInto || statement instanceof Statement.DropSource
                || statement instanceof Statement.Terminate) {
            return Optional.of(commands.execute(text, statement, Map.copyOf(properties)));
        }
        if (statement instanceof Statement.Query) {
            throw new KsqlStatementException(KsqlStatementException.QUERY_ENDPOINT, "The following statement types"
                    + " should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT");
        }
        if (statement instanceof Statement.SetProperty set) {
            Map<String, Object> changed = new LinkedHashMap<>(properties);
            changed.put(set.name(), set.value());
            checkProperties(changed);
            properties.put(set.name(), set.value());
            return Optional.empty();
        }
        if (statement instanceof Statement.UnsetProperty unset) {
            properties.remove(unset.name());
            return Optional.empty();
        }
        if (statement instanceof Statement.DefineVariable define) {
            variables.put(define.name(), define.value());
            return Optional.empty();
        }
        if (statement instanceof Statement.UndefineVariable undefine) {
            variables.remove(undefine.name());
            return Optional.empty();
        }
        if (statement instanceof Statement.InsertValues insert) {
            insertValues(insert);
            return Optional.empty();
        }
        return Optional.of(describe(text, statement, properties, variables));
    }

    private KsqlEntity describe(String text, Statement statement, Map<String, Object> properties,
            Map<String, String> variables) {
        if (statement instanceof Statement.ListStreams list) {
            if (list.extended()) {
                return descriptions(text, SourceType.STREAM, true);
            }
            return new StreamsList(text, infos(SourceType.STREAM), List.of());
        }
        if (statement instanceof Statement.ListTables list) {
            if (list.extended()) {
                return descriptions(text, SourceType.TABLE, true);
            }
            return new TablesList(text, infos(SourceType.TABLE), List.of());
        }
        if (statement instanceof Statement.DescribeSources d) {
            return descriptions(text, d.type(), d.extended());
        }
        if (statement instanceof Statement.ListTopics list) {
            return topicsList(text, list.all());
        }
        if (statement instanceof Statement.ListQueries) {
            List<RunningQuery> all = new ArrayList<>(queries.all().stream().map(KsqlEngine::running).toList());
            if (pushQueries != null) {
                pushQueries.running().forEach(q -> all.add(new RunningQuery(q.statementText(), List.of(), List.of(),
                        q.id(), Map.of("RUNNING", 1), "PUSH", "RUNNING")));
            }
            return new QueriesList(text, all, List.of());
        }
        if (statement instanceof Statement.ListProperties) {
            return propertiesList(text, properties);
        }
        if (statement instanceof Statement.ListFunctions) {
            return new FunctionNameList(text, Functions.all().stream()
                    .map(f -> new FunctionNameList.FunctionName(f.name(), "SCALAR", f.category())).toList(), List.of());
        }
        if (statement instanceof Statement.DescribeFunction f) {
            return describeFunction(text, f.name());
        }
        if (statement instanceof Statement.ListVariables) {
            return new VariablesList(text, variables.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> new VariablesList.Variable(e.getKey(), e.getValue())).toList(), List.of());
        }
        if (statement instanceof Statement.DescribeSource d) {
            DataSource source = metaStore.source(d.name()).orElseThrow(() -> new KsqlStatementException(
                    "Could not find STREAM/TABLE '" + d.name() + "' in the Metastore"));
            return new SourceDescriptionEntity(text, description(source, d.extended()), List.of());
        }
        if (statement instanceof Statement.Explain explain && explain.queryId().isPresent()) {
            String id = explain.queryId().get();
            PersistentQuery query = queries.get(id).orElseThrow(() -> new KsqlStatementException(
                    "Query with id:" + id + " does not exist, use SHOW QUERIES to view the full set of queries."));
            return new QueryDescriptionEntity(text, queryDescription(query), List.of());
        }
        if (statement instanceof Statement.Explain explain && explain.statement().isPresent()) {
            String inner = text.strip().substring("EXPLAIN".length()).strip();
            CommandExecutor.Explained explained = commands.explain(inner, explain.statement().get(),
                    Map.copyOf(properties));
            Topology topology = QueryRegistry.topology(explained.queryId(), explained.plan(), explained.sink());
            return new QueryDescriptionEntity(text, new QueryDescription(explained.queryId(), inner, null,
                    explained.plan().resultColumns().stream().map(FieldInfo::of).toList(),
                    List.of(explained.plan().source().name()), List.of(explained.sink().name()),
                    topology.describe().toString(), "", Map.copyOf(properties), Map.of(), "PERSISTENT", List.of(),
                    List.of(), queries.applicationId(explained.queryId()), null), List.of());
        }
        throw new KsqlStatementException("Statement not supported yet: " + text);
    }

    // ------------------------------------------------------------------------------------------ listings

    private static KsqlEntity describeFunction(String text, String name) {
        Functions.Info info = Functions.info(name);
        if (info == null) {
            throw new KsqlStatementException("Can't find any functions with the name '" + name + "'");
        }
        List<FunctionDescriptionList.FunctionInfo> variants = FunctionSignatures.of(info.name()).stream()
                .map(v -> new FunctionDescriptionList.FunctionInfo(v.parameters().stream()
                        .map(p -> new FunctionDescriptionList.ArgumentInfo(p.name(), p.type(), "", p.variadic()))
                        .toList(), v.returnType(), info.description(),
                        v.parameters().stream().map(FunctionSignatures.Parameter::type).toList()))
                .toList();
        return new FunctionDescriptionList(text, info.name(), info.description(), "Tributary", "", "internal",
                variants, "SCALAR", List.of());
    }

    private List<SourceInfo> infos(SourceType type) {
        return metaStore.sources(type).stream().sorted(Comparator.comparing(DataSource::name))
                .map(s -> new SourceInfo(s.type().name(), s.name(), s.topic(), s.formats().keyFormat(),
                        s.formats().valueFormat(), s.windowed()))
                .toList();
    }

    private KsqlEntity descriptions(String text, SourceType type, boolean extended) {
        return new SourceDescriptionList(text, metaStore.sources(type).stream()
                .sorted(Comparator.comparing(DataSource::name)).map(s -> description(s, extended)).toList(), List.of());
    }

    private SourceDescription description(DataSource source, boolean extended) {
        int partitions = 0;
        int replication = 0;
        if (extended) {
            Optional<TopicDescription> topic = topics.describe(source.topic());
            partitions = topic.map(t -> t.partitions().size()).orElse(0);
            replication = topic.map(t -> t.partitions().get(0).replicas().size()).orElse(0);
        }
        List<RunningQuery> readers = queries.all().stream().filter(q -> q.sourceNames().contains(source.name()))
                .map(KsqlEngine::running).toList();
        List<RunningQuery> writers = queries.all().stream().filter(q -> q.sinkName().equals(source.name()))
                .map(KsqlEngine::running).toList();
        return new SourceDescription(source.name(), source.window().map(w -> w.type()).orElse(null), readers,
                writers,
                source.columns().stream().map(FieldInfo::of).toList(), source.type().name(),
                source.timestampColumn().orElse(""), "", "", extended, source.formats().keyFormat(),
                source.formats().valueFormat(), source.topic(), partitions, replication, source.statement(),
                List.of(), List.of(), List.of(), List.of());
    }

    private static RunningQuery running(PersistentQuery query) {
        return new RunningQuery(query.statementText(), List.of(query.sinkName()), List.of(query.sinkTopic()),
                query.id(), Map.of(query.state(), 1), "PERSISTENT", query.state());
    }

    private QueryDescription queryDescription(PersistentQuery query) {
        DataSource sink = metaStore.source(query.sinkName()).orElse(null);
        return new QueryDescription(query.id(), query.statementText(),
                sink == null ? null : sink.window().map(w -> w.type()).orElse(null),
                sink == null ? List.of() : sink.columns().stream().map(FieldInfo::of).toList(), query.sourceNames(),
                List.of(query.sinkName()), query.topology().describe().toString(), "",
                query.overriddenProperties(), Map.of(), "PERSISTENT", List.of(), List.of(), query.applicationId(),
                query.state());
    }

    private KsqlEntity topicsList(String text, boolean all) {
        List<KafkaTopicsList.TopicInfo> infos = topics.all(false).values().stream()
                .filter(t -> all || !t.name().startsWith("_"))
                .sorted(Comparator.comparing(TopicDescription::name))
                .map(t -> new KafkaTopicsList.TopicInfo(t.name(),
                        t.partitions().stream().map(p -> p.replicas().size()).toList()))
                .toList();
        return new KafkaTopicsList(text, infos, List.of());
    }

    private KsqlEntity propertiesList(String text, Map<String, Object> overrides) {
        List<PropertiesList.Property> list = new ArrayList<>();
        Map<String, String> merged = new java.util.TreeMap<>(serverProperties);
        overrides.forEach((k, v) -> merged.put(k, String.valueOf(v)));
        merged.forEach((name, value) -> list.add(new PropertiesList.Property(name,
                name.startsWith("ksql.streams.") ? "STREAMS" : "KSQL", value, true,
                overrides.containsKey(name) ? "QUERY" : "SERVER")));
        return new PropertiesList(text, list, List.copyOf(overrides.keySet()),
                serverProperties.keySet().stream().filter(k -> !overrides.containsKey(k)).sorted().toList(),
                List.of());
    }

    private static void checkProperties(Map<String, Object> properties) {
        StreamsPropertiesPolicy.check(properties);
        properties.forEach((name, value) -> {
            String key = name.startsWith("ksql.streams.") ? name.substring("ksql.streams.".length()) : name;
            if (key.equals("auto.offset.reset")
                    && !OFFSET_RESETS.contains(String.valueOf(value).toLowerCase(Locale.ROOT))) {
                throw new KsqlStatementException("Invalid value " + value + " for configuration auto.offset.reset:"
                        + " String must be one of: latest, earliest, none");
            }
            if (value instanceof Map || value instanceof List) {
                throw new KsqlStatementException("Invalid value for property " + name + ": a string, number or"
                        + " boolean is expected");
            }
        });
    }

    // ------------------------------------------------------------------------------------------ INSERT VALUES

    private void insertValues(Statement.InsertValues insert) {
        DataSource target = metaStore.source(insert.target()).orElseThrow(() -> new KsqlStatementException(
                "Cannot insert values into an unknown stream/table: " + insert.target()));
        if (target.sourceOnly()) {
            throw new KsqlStatementException("Cannot insert values into read-only " + target.type()
                    .name().toLowerCase(Locale.ROOT) + ": " + target.name());
        }
        // header columns are read from the records' headers: INSERT VALUES cannot set them
        List<String> columns = insert.columns().isEmpty() ? target.columns().stream()
                .filter(c -> c.namespace() != Column.Namespace.HEADER).map(Column::name).toList() : insert.columns();
        List<String> headers = columns.stream().filter(name -> target.column(name)
                .filter(c -> c.namespace() == Column.Namespace.HEADER).isPresent()).toList();
        if (!headers.isEmpty()) {
            throw new KsqlStatementException("Cannot insert into HEADER columns: " + headers.stream()
                    .map(h -> "`" + h + "`").collect(java.util.stream.Collectors.joining(", ")));
        }
        if (columns.size() != insert.values().size()) {
            throw new KsqlStatementException("Failed to prepare statement: Expected number columns and values to"
                    + " match: " + columns.size() + ", " + insert.values().size());
        }
        ExpressionCompiler constants = new ExpressionCompiler(List.of(), List.of());
        Map<String, Object> row = new HashMap<>();
        Long timestamp = null;
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i);
            Expression expression = insert.values().get(i);
            TypedExpression value;
            try {
                value = constants.compile(expression);
            } catch (ExpressionException e) {
                throw new KsqlStatementException("Failed to prepare statement: " + e.getMessage());
            }
            Object computed = value.evaluator().evaluate(Map.of());
            if (name.equals("ROWTIME")) {
                timestamp = computed == null ? null : ((Number) computed).longValue();
                continue;
            }
            if (name.equals("ROWPARTITION") || name.equals("ROWOFFSET")) {
                throw new KsqlStatementException("Inserting into column `" + name + "` is not allowed.");
            }
            Column column = target.column(name).orElseThrow(() -> new KsqlStatementException(
                    "Column name " + name + " does not exist."));
            try {
                row.put(name, computed == null ? null : SqlValues.coerce(computed, column.type()));
            } catch (RuntimeException e) {
                throw new KsqlStatementException("Expected type " + column.type() + " for field " + name
                        + " but got " + computed + "(" + (value.type() == null ? "NULL" : value.type()) + ")");
            }
        }
        write(target, row, timestamp);
    }

    /**
     * One row of {@code POST /inserts-stream}: a JSON object of column values (names matched case-insensitively,
     * absent columns null) written to the target's topic, acknowledged by the broker before this returns.
     */
    public void insertRow(DataSource target, Map<String, Object> values) {
        Map<String, Object> row = new HashMap<>();
        for (Column column : target.columns()) {
            if (column.namespace() == Column.Namespace.HEADER) {
                continue;
            }
            Object given = SqlValues.caseInsensitiveGet(values, column.name());
            try {
                row.put(column.name(), given == null ? null : SqlValues.coerce(given, column.type()));
            } catch (RuntimeException e) {
                throw new KsqlStatementException("Can't coerce a field of type " + given.getClass().getSimpleName()
                        + " (" + given + ") into type " + column.type());
            }
        }
        write(target, row, null);
    }

    /** The stream or table an inserts stream writes to: unquoted names are upper-case, as in SQL. */
    public DataSource insertTarget(String targetName) {
        DataSource target = metaStore.source(targetName)
                .or(() -> metaStore.source(targetName.toUpperCase(Locale.ROOT)))
                .orElseThrow(() -> new KsqlStatementException("Cannot insert values into an unknown stream/table: "
                        + targetName));
        if (target.sourceOnly()) {
            throw new KsqlStatementException("Cannot insert values into read-only " + target.type()
                    .name().toLowerCase(Locale.ROOT) + ": " + target.name());
        }
        return target;
    }

    /** Checks the row's keys and produces it to the target's topic. */
    private void write(DataSource target, Map<String, Object> row, Long timestamp) {
        for (Column key : target.keyColumns()) {
            if (target.type() == SourceType.TABLE && row.get(key.name()) == null) {
                throw new KsqlStatementException("Failed to insert values into '" + target.name() + "'. Value for"
                        + " primary key column(s) " + key.name() + " is required for tables");
            }
        }
        RowCodec codec = RowCodec.of(target);
        byte[] key;
        byte[] value;
        try {
            key = codec.writeKey(row);
            value = codec.writeValue(row);
        } catch (RuntimeException e) {
            throw new KsqlStatementException("Failed to insert values into '" + target.name() + "'. "
                    + e.getMessage());
        }
        producer.send(target.topic(), key, value, timestamp);
    }
}
