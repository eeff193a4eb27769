package io.tributary.sql.queryservice;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.bounded.BoundedQueryEngine;
import io.tributary.sql.bounded.BoundedResult;
import io.tributary.sql.bounded.Interruption;
import io.tributary.sql.engine.KsqlEngine;
import io.tributary.sql.engine.KsqlStatementException;
import io.tributary.sql.engine.RequestFailure;
import io.tributary.sql.entity.KsqlEntity;
import io.tributary.sql.expression.ExpressionException;
import io.tributary.sql.expression.ExpressionText;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.metastore.Formats;
import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.parser.KsqlDialectLexer;
import io.tributary.sql.parser.SqlParseException;
import io.tributary.sql.parser.SqlParser;
import io.tributary.sql.queries.ProjectedColumn;
import io.tributary.sql.queries.QueryPlan;
import io.tributary.sql.queries.QueryPlanner;
import io.tributary.sql.queries.QueryRegistry;
import io.tributary.sql.queries.StatefulPlan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the statements of a {@code /query/service} request on the SQL engine: each SELECT as a bounded query (a
 * table's current state, a stream up to the end offsets taken when the query starts), other statements through
 * the same engine as {@code /ksql} unless the request is read-only and they would change something (SHOW,
 * DESCRIBE and EXPLAIN answer /ksql's entities as results). The last query's rows are the results.
 * Accepts the SQL++ forms simple clients send: {@code SELECT VALUE expr}, {@code SELECT VALUE alias},
 * {@code FROM x AS y}, SELECT without FROM, and unnamed expressions named {@code $1, $2...}.
 */
public class QueryServiceEngine {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern GENERATED = Pattern.compile("KSQL_COL_\\d+");

    private final SqlParser parser = new SqlParser();
    private final QueryPlanner planner = new QueryPlanner();
    private final MetaStore metaStore;
    private final BoundedQueryEngine bounded;
    private final KsqlEngine ksql;

    public QueryServiceEngine(MetaStore metaStore, BoundedQueryEngine bounded, KsqlEngine ksql) {
        this.metaStore = metaStore;
        this.bounded = bounded;
        this.ksql = ksql;
    }

    /** A parsed statement; {@code value} for SELECT VALUE (results are bare values, not objects). */
    private record Prepared(String text, Statement statement, boolean value) {
    }

    /**
     * Refuses a request whose statements cannot run whatever the data: none given, a parameter or syntax error, a
     * change in a read-only request, a query that does not compile against the metastore (unknown dataset or
     * column, type error). Runs and changes nothing; an async request is checked so before it queues, so that it
     * is refused alike whether it would wait or run at once. A query after a statement that may change the
     * metastore (say a CREATE of what it reads) compiles only when it runs.
     */
    public void check(QueryServiceRequest request) {
        for (Prepared p : prepare(request)) {
            if (!readOnly(p.statement())) {
                return;
            }
            if (p.statement() instanceof Statement.Query query) {
                compile(query);
            }
        }
    }

    private List<Prepared> prepare(QueryServiceRequest request) {
        if (request.statement() == null || request.statement().isBlank()) {
            throw QueryServiceException.badRequest("ASX1107", "No statement provided");
        }
        String text = StatementParameters.bind(request.statement(), request.parameters());
        List<Prepared> prepared = new ArrayList<>();
        for (String statement : parser.split(text)) {
            prepared.add(prepare(statement));
        }
        if (prepared.isEmpty()) {
            throw QueryServiceException.badRequest("ASX1107", "No statement provided");
        }
        if (request.readOnly()) {
            for (Prepared p : prepared) {
                if (!readOnly(p.statement())) {
                    throw QueryServiceException.badRequest("ASX1079", "Compilation error: " + kind(p.text())
                            + " statement is prohibited by this request");
                }
            }
        }
        return prepared;
    }

    public Execution execute(QueryServiceRequest request, Interruption interruption, Runnable compiled) {
        List<Prepared> prepared = prepare(request);
        long start = System.nanoTime();
        Execution last = null;
        for (Prepared p : prepared) {
            interruption.check();
            if (p.statement() instanceof Statement.Query query) {
                last = query(query, p.value(), request, interruption, start, compiled);
            } else {
                List<KsqlEntity> entities;
                try {
                    entities = ksql.execute(p.text(), Map.of(), Map.of());
                } catch (RequestFailure e) {
                    if (e.errorCode() == KsqlStatementException.SERVER_ERROR) {
                        // the server's fault, not the statement's (e.g. a DEGRADED command log): AsterixDB's 500
                        throw new QueryServiceException(QueryServiceError.of("ASX0000", "Internal error: "
                                + e.getMessage()), "fatal", 500);
                    }
                    throw QueryServiceException.badRequest("ASX1079", "Compilation error: " + e.getMessage());
                }
                if (readOnly(p.statement())) {
                    // SHOW / DESCRIBE / EXPLAIN: the entities /ksql answers are the results
                    List<Object> results = new ArrayList<>();
                    long size = 0;
                    for (KsqlEntity entity : entities) {
                        Object item = JSON.readValue(JSON.writeValueAsString(entity), Object.class);
                        results.add(item);
                        size += JSON.writeValueAsString(item).getBytes(StandardCharsets.UTF_8).length;
                    }
                    last = new Execution(results, Map.of(), size, 0, System.nanoTime() - start);
                }
            }
        }
        compiled.run();
        return last != null ? last : new Execution(null, plansOf(request, null, null), 0, 0, System.nanoTime() - start);
    }

    private Prepared prepare(String text) {
        boolean value = false;
        String statementText = text;
        KsqlDialectLexer lexer = new KsqlDialectLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Token> tokens = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF && tokens.size() < 3; t = lexer.nextToken()) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                tokens.add(t);
            }
        }
        // SELECT VALUE expr: VALUE is no keyword of the dialect; it is one when an expression follows it
        if (tokens.size() == 3 && tokens.get(0).getType() == KsqlDialectLexer.SELECT
                && tokens.get(1).getType() == KsqlDialectLexer.IDENTIFIER
                && tokens.get(1).getText().equalsIgnoreCase("VALUE")
                && tokens.get(2).getType() != KsqlDialectLexer.FROM && tokens.get(2).getType() != KsqlDialectLexer.COMMA
                && tokens.get(2).getType() != KsqlDialectLexer.AS
                && tokens.get(2).getType() != KsqlDialectLexer.SEMICOLON) {
            value = true;
            statementText = text.substring(0, tokens.get(1).getStartIndex())
                    + text.substring(tokens.get(1).getStopIndex() + 1);
        }
        Statement statement;
        try {
            statement = parser.parse(statementText);
        } catch (SqlParseException | ExpressionException | IllegalArgumentException e) {
            throw QueryServiceException.badRequest("ASX1001", "Syntax error: " + e.getMessage());
        }
        if (value && statement instanceof Statement.Query q) {
            if (q.select().size() != 1 || !(q.select().get(0) instanceof Statement.SingleColumn single)) {
                throw QueryServiceException.badRequest("ASX1001", "Syntax error: SELECT VALUE takes one expression");
            }
            // SELECT VALUE t FROM x t: the whole record
            if (single.expression() instanceof Expression.ColumnRef ref && ref.source().isEmpty()
                    && !q.from().isNone() && (ref.name().equals(q.from().aliasOrName())
                    || ref.name().equals(q.from().source()))) {
                statement = new Statement.Query(List.of(new Statement.AllColumns(Optional.empty())), q.from(),
                        q.where(), q.groupBy(), q.partitionBy(), q.having(), q.emit(), q.limit());
                value = false;
            }
        }
        return new Prepared(text, statement, value);
    }

    /** Plans and runs one SELECT; {@code compiled} runs once the query is known to be valid, before it scans. */
    private Execution query(Statement.Query query, boolean value, QueryServiceRequest request,
            Interruption interruption, long start, Runnable compiled) {
        QueryPlan plan = compile(query);
        Map<String, Object> plans = plansOf(request, query, plan);
        compiled.run();
        BoundedResult result = query.from().isNone() ? bounded.runWithoutSource(plan)
                : bounded.run(plan, query.limit(), interruption);
        List<String> names = names(plan);
        List<Object> results = new ArrayList<>(result.rows().size() + 1);
        long size = 0;
        if (request.format().kind() == ResultFormat.Kind.CSV && request.format().csvHeader() && !value) {
            results.add(String.join(",", names));
        }
        for (List<Object> row : result.rows()) {
            Object item;
            if (request.format().kind() == ResultFormat.Kind.CSV) {
                item = value ? csvField(row.get(0)) : String.join(",", row.stream().map(QueryServiceEngine::csvField)
                        .toList());
            } else if (value) {
                item = SqlValues.toRest(row.get(0));
            } else {
                Map<String, Object> object = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    object.put(names.get(i), SqlValues.toRest(row.get(i)));
                }
                item = object;
            }
            results.add(item);
            size += JSON.writeValueAsString(item).getBytes(StandardCharsets.UTF_8).length;
        }
        return new Execution(results, plans, size, result.processedObjects(), System.nanoTime() - start);
    }

    /** Plans a SELECT against the metastore without running it; an AsterixDB compilation error when it cannot. */
    private QueryPlan compile(Statement.Query query) {
        if (query.emit().isPresent()) {
            throw QueryServiceException.badRequest("ASX1079", "Compilation error: EMIT CHANGES queries never end;"
                    + " /query/service answers bounded queries only");
        }
        DataSource source;
        if (query.from().isNone()) {
            source = new DataSource("", SourceType.STREAM, List.of(), "", new Formats("KAFKA", "JSON", Optional.empty(), Optional.empty(), true),
                    Optional.empty(), Optional.empty(), "", true);
        } else {
            source = metaStore.source(query.from().source()).orElseThrow(() -> QueryServiceException.badRequest(
                    "ASX1077", "Cannot find dataset with name " + query.from().source() + " in dataverse Default"));
        }
        QueryPlan plan;
        try {
            plan = !query.from().isNone() && QueryPlanner.isStateful(query)
                    ? planner.plan(query, name -> metaStore.source(name).orElseThrow(() ->
                            QueryServiceException.badRequest("ASX1077", "Cannot find dataset with name " + name
                                    + " in dataverse Default")), false, "")
                    : planner.plan(query, source, false);
        } catch (ExpressionException | IllegalArgumentException e) {
            throw QueryServiceException.badRequest("ASX1079", "Compilation error: " + e.getMessage());
        }
        if (plan.stateful().isPresent() && (plan.stateful().get().windowed()
                || plan.stateful().get().keyMode() == io.tributary.sql.queries.StatefulPlan.KeyMode.PARTITION_BY)) {
            throw QueryServiceException.badRequest("ASX1079", "Compilation error: windowed aggregations and"
                    + " PARTITION BY are not supported by /query/service yet");
        }
        return plan;
    }

    /** Result field names: as the planner names them, but unnamed expressions as SQL++ names them ($1, $2...). */
    private static List<String> names(QueryPlan plan) {
        List<String> names = new ArrayList<>();
        int unnamed = 0;
        for (Column column : plan.resultColumns()) {
            names.add(GENERATED.matcher(column.name()).matches() ? "$" + ++unnamed : column.name());
        }
        return names;
    }

    private static String csvField(Object value) {
        Object rest = SqlValues.toRest(value);
        if (rest == null) {
            return "";
        }
        if (rest instanceof String s) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        if (rest instanceof Map<?, ?> || rest instanceof List<?>) {
            String json = JSON.writeValueAsString(rest);
            return "\"" + json.replace("\"", "\"\"") + "\"";
        }
        return rest.toString();
    }

    /** Statements that change nothing: queries, SHOW/LIST, DESCRIBE, EXPLAIN. */
    private static boolean readOnly(Statement statement) {
        return statement instanceof Statement.Query || statement instanceof Statement.ListStreams
                || statement instanceof Statement.ListTables || statement instanceof Statement.ListTopics
                || statement instanceof Statement.ListQueries || statement instanceof Statement.ListProperties
                || statement instanceof Statement.ListFunctions || statement instanceof Statement.ListVariables
                || statement instanceof Statement.DescribeSource || statement instanceof Statement.DescribeSources
                || statement instanceof Statement.DescribeFunction || statement instanceof Statement.Explain;
    }

    private static String kind(String text) {
        String trimmed = text.strip();
        int space = trimmed.indexOf(' ');
        return (space < 0 ? trimmed : trimmed.substring(0, space)).replace(";", "").toUpperCase(Locale.ROOT);
    }

    /** The {@code plans} member: the parsed statement, our logical plan and the Kafka Streams topology, if asked. */
    private Map<String, Object> plansOf(QueryServiceRequest request, Statement.Query query, QueryPlan plan) {
        Map<String, Object> plans = new LinkedHashMap<>();
        QueryServiceRequest.PlanFlags flags = request.plans();
        if (query == null || !flags.any()) {
            return plans;
        }
        boolean json = request.planFormat() == QueryServiceRequest.PlanFormat.JSON;
        if (flags.expressionTree()) {
            plans.put("expressionTree", query.toString());
        }
        if (flags.rewrittenExpressionTree()) {
            plans.put("rewrittenExpressionTree", query.toString());
        }
        if (flags.logicalPlan()) {
            plans.put("logicalPlan", json ? logicalPlanJson(query, plan) : logicalPlanText(query, plan));
        }
        if (flags.optimizedLogicalPlan()) {
            plans.put("optimizedLogicalPlan", json ? logicalPlanJson(query, plan) : logicalPlanText(query, plan));
        }
        if (flags.job()) {
            String topology = plan.source().name().isEmpty() ? "" : QueryRegistry.topology("bounded", plan,
                    new DataSource("RESULT", SourceType.STREAM, plan.resultColumns(), "bounded-result",
                            plan.source().formats(), Optional.empty(), Optional.empty(), "", false))
                    .describe().toString();
            plans.put("job", json ? Map.of("topology", topology) : topology);
        }
        return plans;
    }

    /**
     * Our logical plan in AsterixDB's shape: operators from {@code distribute-result} down to each input's
     * {@code data-scan}, with the joins, WHERE ({@code select}), GROUP BY and HAVING between.
     */
    private static Map<String, Object> logicalPlanJson(Statement.Query query, QueryPlan plan) {
        Map<String, Object> input;
        if (plan.stateful().isPresent()) {
            StatefulPlan steps = plan.stateful().get();
            input = scan(steps.sources().get(0).source());
            for (int i = 0; i < steps.joins().size(); i++) {
                StatefulPlan.JoinStep step = steps.joins().get(i);
                Map<String, Object> join = operator("join");
                join.put("joinType", step.type().name());
                join.put("kind", step.kind().name());
                join.put("condition", i < query.joins().size() ? ExpressionText.of(query.joins().get(i).on()) : "");
                step.within().ifPresent(w -> join.put("within", List.of(w.before().toString(),
                        w.after().toString())));
                join.put("inputs", List.of(input, scan(steps.sources().get(step.index()).source())));
                input = join;
            }
        } else {
            input = scan(plan.source());
        }
        if (query.where().isPresent()) {
            input = select(ExpressionText.of(query.where().get()), input);
        }
        if (!query.groupBy().isEmpty()) {
            Map<String, Object> group = operator("group-by");
            group.put("keys", query.groupBy().stream().map(ExpressionText::of).toList());
            group.put("inputs", List.of(input));
            input = group;
            if (query.having().isPresent()) {
                input = select(ExpressionText.of(query.having().get()), input);
            }
        }
        Map<String, Object> project = operator("project");
        project.put("expressions", plan.projection().stream().map(QueryServiceEngine::describe).toList());
        project.put("inputs", List.of(input));
        Map<String, Object> distribute = operator("distribute-result");
        distribute.put("inputs", List.of(project));
        return distribute;
    }

    private static Map<String, Object> operator(String name) {
        Map<String, Object> operator = new LinkedHashMap<>();
        operator.put("operator", name);
        return operator;
    }

    private static Map<String, Object> scan(DataSource source) {
        Map<String, Object> scan = operator("data-scan");
        scan.put("source", source.name());
        scan.put("sourceType", source.type().name());
        scan.put("topic", source.topic());
        return scan;
    }

    private static Map<String, Object> select(String condition, Map<String, Object> input) {
        Map<String, Object> select = operator("select");
        select.put("condition", condition);
        select.put("inputs", List.of(input));
        return select;
    }

    /** The plan as AsterixDB prints it with {@code plan-format=string}: one operator a line, inputs indented. */
    private static String logicalPlanText(Statement.Query query, QueryPlan plan) {
        StringBuilder text = new StringBuilder();
        printOperator(logicalPlanJson(query, plan), 0, text);
        return text.toString();
    }

    /** A condition without the parentheses around it all that our expression text puts around a comparison. */
    private static String unwrapped(String condition) {
        if (!condition.startsWith("(") || !condition.endsWith(")")) {
            return condition;
        }
        int depth = 0;
        for (int i = 0; i < condition.length() - 1; i++) {
            depth += condition.charAt(i) == '(' ? 1 : condition.charAt(i) == ')' ? -1 : 0;
            if (depth == 0) {
                return condition;
            }
        }
        return condition.substring(1, condition.length() - 1);
    }

    @SuppressWarnings("unchecked")
    private static void printOperator(Map<String, Object> operator, int depth, StringBuilder text) {
        if (depth > 0) {
            text.append("--".repeat(depth)).append(' ');
        }
        text.append(switch ((String) operator.get("operator")) {
            case "distribute-result" -> "distribute result";
            case "project" -> "project " + operator.get("expressions");
            case "select" -> "select (" + unwrapped((String) operator.get("condition")) + ")";
            case "group-by" -> "group by " + operator.get("keys");
            case "join" -> "join " + operator.get("joinType") + " " + operator.get("kind") + " ("
                    + unwrapped((String) operator.get("condition")) + ")" + (operator.containsKey("within") ? " within "
                    + operator.get("within") : "");
            default -> "data-scan " + operator.get("source") + " (" + operator.get("sourceType") + ", topic "
                    + operator.get("topic") + ")";
        }).append('\n');
        for (Object input : (List<Object>) operator.getOrDefault("inputs", List.of())) {
            printOperator((Map<String, Object>) input, depth + 1, text);
        }
    }

    private static String describe(ProjectedColumn column) {
        return column.column().name() + " " + column.column().type();
    }
}
