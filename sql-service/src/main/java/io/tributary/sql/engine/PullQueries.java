package io.tributary.sql.engine;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Expressions;
import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.bounded.BoundedQueryEngine;
import io.tributary.sql.bounded.BoundedResult;
import io.tributary.sql.bounded.Interruption;
import io.tributary.sql.expression.ExpressionException;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.parser.SqlParser;
import io.tributary.sql.queries.ProjectedColumn;
import io.tributary.sql.queries.QueryPlan;
import io.tributary.sql.queries.QueryPlanner;
import io.tributary.sql.queries.QueryRegistry;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pull queries ({@code SELECT} without {@code EMIT CHANGES} on {@code /query}). A table written by a persistent
 * query is read from that query's state stores, this instance's and, through {@link PullQueryPeers}, the other
 * instances' ({@link StoredTableReads}); while those cannot answer (a rebalance, an instance gone), and for tables
 * no query of this service writes, the bounded-query engine reads the table's topic up to the end offsets taken
 * when the query starts, which gives the same rows. A stream is scanned from its beginning to those offsets. Tables
 * ksqlDB materializes (CREATE TABLE AS SELECT, CREATE SOURCE TABLE) are queryable; a plain CREATE TABLE is refused
 * as ksqlDB refuses it.
 */
public class PullQueries {

    /** A pull query's whole answer: its id, header schema, rows (REST values) and final message, if any. */
    public record Answer(String queryId, String schema, List<Column> columns, List<List<Object>> rows,
            Optional<String> finalMessage) {
    }

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final SqlParser parser = new SqlParser();
    private final QueryPlanner planner = new QueryPlanner();
    private final BoundedQueryEngine engine;
    private final StoredTableReads stored;

    public PullQueries(BoundedQueryEngine engine, QueryRegistry queries, PullQueryPeers peers, KafkaTopics topics) {
        this.engine = engine;
        this.stored = new StoredTableReads(queries, engine, peers, topics);
    }

    /**
     * @param sql               the statement's text, as other instances are asked it
     * @param requestProperties a forwarded request's: which partitions of this instance's store to read
     */
    Answer run(Statement.Query query, DataSource source, java.util.Map<String, Object> properties, String sql,
            java.util.Map<String, Object> requestProperties) {
        if (!query.groupBy().isEmpty()) {
            throw new KsqlStatementException("Pull queries don't support GROUP BY clauses");
        }
        if (!query.joins().isEmpty()) {
            throw new KsqlStatementException("Pull queries don't support JOIN clauses.");
        }
        if (query.window().isPresent()) {
            throw new KsqlStatementException("Pull queries don't support WINDOW clauses.");
        }
        if (!query.partitionBy().isEmpty()) {
            throw new KsqlStatementException("Pull queries don't support PARTITION BY clauses");
        }
        if (query.having().isPresent()) {
            throw new KsqlStatementException("Pull queries don't support HAVING clauses");
        }
        List<String> inSelect = new ArrayList<>();
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.SingleColumn single) {
                disallowedColumns(single.expression(), inSelect);
            }
        }
        if (!inSelect.isEmpty()) {
            throw new KsqlStatementException("Pull queries don't support the following columns in SELECT clauses: "
                    + String.join(", ", inSelect.stream().distinct().map(c -> "`" + c + "`").toList()));
        }
        List<String> inWhere = new ArrayList<>();
        query.where().ifPresent(where -> disallowedColumns(where, inWhere));
        if (!inWhere.isEmpty()) {
            throw new KsqlStatementException("Pull queries don't support the following columns in WHERE clauses: "
                    + String.join(", ", inWhere.stream().distinct().map(c -> "`" + c + "`").toList()));
        }
        java.util.Set<String> selected = new java.util.HashSet<>();
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.SingleColumn single && single.alias().isEmpty()
                    && single.expression() instanceof Expression.ColumnRef ref && !selected.add(ref.name())) {
                Optional<Column> column = source.column(ref.name()).filter(c -> !c.isKey());
                if (column.isPresent()) {
                    throw new KsqlStatementException("Duplicate value columns found in schema: "
                            + column.get().describe());
                }
            }
        }
        if (source.type() == SourceType.TABLE && !queryable(source)) {
            throw new KsqlStatementException("The `" + source.name() + "` table isn't queryable. To derive a"
                    + " queryable table, you can do 'CREATE TABLE QUERYABLE_" + source.name() + " AS SELECT * FROM "
                    + source.name() + "'. See https://cnfl.io/queries for more info.\nAdd EMIT CHANGES if you"
                    + " intended to issue a push query.");
        }
        if (!source.windowed()) {
            for (String bound : List.of("WINDOWSTART", "WINDOWEND")) {
                boolean[] used = {false};
                query.where().ifPresent(w -> Expressions.forEach(w, n -> used[0] |= n instanceof Expression.ColumnRef r
                        && r.name().equals(bound)));
                if (used[0]) {
                    throw new KsqlStatementException("WHERE column '" + bound + "' cannot be resolved");
                }
            }
        }
        PullQueryKeyBounds.checkKeyLiterals(query.where(), source);
        if (source.type() == SourceType.TABLE && "false".equalsIgnoreCase(String.valueOf(
                properties.get("ksql.query.pull.table.scan.enabled")))) {
            PullQueryKeyBounds.check(query.where(), source);
        }
        Statement.Query planned = withTimestampBounds(WindowBounds.inStar(query, source), source);
        QueryPlan plan;
        try {
            plan = inSelectOrder(WindowBounds.asKeys(planner.plan(planned, source, false)), planned);
        } catch (ExpressionException e) {
            throw whereError(e, planned, source);
        }
        Interruption interruption = Interruption.after(TIMEOUT);
        Optional<List<List<Object>>> fromStores = source.type() == SourceType.TABLE
                ? stored.rows(plan, source, planned.where(), query.limit(), interruption, sql, properties,
                        StoredTableReads.Forwarded.of(requestProperties))
                : Optional.empty();
        List<List<Object>> rows;
        if (fromStores.isPresent()) {
            rows = fromStores.get();
        } else {
            BoundedResult result = engine.run(plan, query.limit(), interruption);
            rows = new ArrayList<>(result.rows().size());
            for (List<Object> row : result.rows()) {
                rows.add(row.stream().map(SqlValues::toRest).toList());
            }
        }
        List<Column> columns = plan.resultColumns();
        String schema = String.join(", ", columns.stream().map(Column::describe).toList());
        String id = "query_" + (ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return new Answer(id, schema, columns, rows,
                source.type() == SourceType.STREAM ? Optional.of("Query Completed") : Optional.empty());
    }

    /** A WHERE clause that does not compile is reported as ksqlDB reports it for pull queries. */
    private RuntimeException whereError(ExpressionException e, Statement.Query query, DataSource source) {
        if (query.where().isEmpty()) {
            return e;
        }
        try {
            planner.plan(new Statement.Query(List.of(new Statement.AllColumns(Optional.empty())), query.from(),
                    query.where(), List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                    List.of(), Optional.empty()), source, false);
            return e;
        } catch (ExpressionException inWhere) {
            return new KsqlStatementException("Error in WHERE expression: " + inWhere.getMessage() + "\nStatement: "
                    + io.tributary.sql.expression.ExpressionText.of(query.where().get()));
        }
    }

    /**
     * Pull queries answer columns in the order they are selected (the planner puts key columns first, as a
     * persistent query's sink needs).
     */
    private static QueryPlan inSelectOrder(QueryPlan plan, Statement.Query query) {
        if (query.select().stream().anyMatch(i -> i instanceof Statement.AllColumns)) {
            return plan;
        }
        List<ProjectedColumn> remaining = new ArrayList<>(plan.projection());
        List<ProjectedColumn> ordered = new ArrayList<>();
        for (Statement.SelectItem item : query.select()) {
            Statement.SingleColumn single = (Statement.SingleColumn) item;
            String name = single.alias().orElse(single.expression() instanceof Expression.ColumnRef ref ? ref.name()
                    : single.expression() instanceof Expression.Dereference d ? d.field() : null);
            ProjectedColumn match = remaining.stream().filter(c -> name == null
                    ? c.column().name().startsWith("KSQL_COL_") : c.column().name().equals(name)).findFirst()
                    .orElse(null);
            if (match == null) {
                return plan;
            }
            remaining.remove(match);
            ordered.add(match);
        }
        if (!remaining.isEmpty()) {
            return plan;
        }
        return new QueryPlan(plan.source(), plan.filter(), ordered, plan.stateful());
    }

    /**
     * On a windowed table, bounds on {@code WINDOWSTART}/{@code WINDOWEND} may be written as (partial) ISO-8601
     * text, {@code '2020-02-23T23:45:12.000'} or {@code '2020-02-23T22:45'} with an optional offset, UTC by
     * default; they are compared as epoch milliseconds.
     */
    private static Statement.Query withTimestampBounds(Statement.Query query, DataSource source) {
        if (!source.windowed() || query.where().isEmpty()) {
            return query;
        }
        Expression where = timestampBounds(query.where().get());
        return new Statement.Query(query.select(), query.from(), Optional.of(where), query.groupBy(),
                query.partitionBy(), query.having(), query.emit(), query.limit(), query.joins(), query.window());
    }

    private static Expression timestampBounds(Expression e) {
        if (e instanceof Expression.Logical l) {
            return new Expression.Logical(l.op(), timestampBounds(l.left()), timestampBounds(l.right()));
        }
        if (e instanceof Expression.Not n) {
            return new Expression.Not(timestampBounds(n.operand()));
        }
        if (e instanceof Expression.Comparison c) {
            if (windowBound(c.left()) && c.right() instanceof Expression.StringLiteral text) {
                return new Expression.Comparison(c.op(), c.left(), new Expression.LongLiteral(
                        WindowBoundText.epochMillis(text.value())));
            }
            if (windowBound(c.right()) && c.left() instanceof Expression.StringLiteral text) {
                return new Expression.Comparison(c.op(), new Expression.LongLiteral(
                        WindowBoundText.epochMillis(text.value())), c.right());
            }
        }
        if (e instanceof Expression.Between b && windowBound(b.value())) {
            return new Expression.Between(b.value(), b.lower() instanceof Expression.StringLiteral lower
                    ? new Expression.LongLiteral(WindowBoundText.epochMillis(lower.value())) : b.lower(),
                    b.upper() instanceof Expression.StringLiteral upper
                    ? new Expression.LongLiteral(WindowBoundText.epochMillis(upper.value())) : b.upper(),
                    b.negated());
        }
        return e;
    }

    private static boolean windowBound(Expression e) {
        return e instanceof Expression.ColumnRef ref
                && (ref.name().equals("WINDOWSTART") || ref.name().equals("WINDOWEND"));
    }

    /** ROWPARTITION and ROWOFFSET: not kept in the state stores ksqlDB answers pull queries from. */
    private static void disallowedColumns(Object node, List<String> found) {
        if (node instanceof Expression.ColumnRef ref) {
            if (ref.name().equals("ROWPARTITION") || ref.name().equals("ROWOFFSET")) {
                found.add(ref.name());
            }
            return;
        }
        if (node instanceof List<?> list) {
            list.forEach(e -> disallowedColumns(e, found));
            return;
        }
        if (node instanceof Optional<?> optional) {
            optional.ifPresent(e -> disallowedColumns(e, found));
            return;
        }
        // expressions and the records inside them (CASE's WHEN, map entries, struct fields)
        if (node instanceof Record record && record.getClass().getEnclosingClass() == Expression.class) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    disallowedColumns(component.getAccessor().invoke(record), found);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Whether ksqlDB keeps a state store for the table: one a query writes, or a CREATE SOURCE TABLE. */
    private boolean queryable(DataSource table) {
        if (table.sourceOnly()) {
            return true;
        }
        try {
            return parser.parse(table.statement()) instanceof Statement.CreateAsSelect;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
