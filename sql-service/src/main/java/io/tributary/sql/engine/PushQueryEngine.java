package io.tributary.sql.engine;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.expression.ExpressionException;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.parser.SqlParseException;
import io.tributary.sql.parser.SqlParser;
import io.tributary.sql.queries.PushQueries;
import io.tributary.sql.queries.PushQuery;
import io.tributary.sql.queries.QueryPlan;
import io.tributary.sql.queries.QueryPlanner;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the query of a {@code POST /query} request: exactly one {@code SELECT ... EMIT CHANGES}. Everything that
 * can be wrong with it is found before the query starts, so the client gets a plain error body, not a stream.
 */
public class PushQueryEngine {

    /**
     * A started push query and the statement's LIMIT, if any; or, for a pull query, its whole answer in
     * {@code pulled} (and no push query).
     */
    public record Started(PushQuery query, Optional<Integer> limit, Optional<PullQueries.Answer> pulled) {
        public Started(PushQuery query, Optional<Integer> limit) {
            this(query, limit, Optional.empty());
        }
    }

    private final SqlParser parser = new SqlParser();
    private final QueryPlanner planner = new QueryPlanner();
    private final MetaStore metaStore;
    private final PushQueries pushQueries;
    private final PullQueries pullQueries;

    public PushQueryEngine(MetaStore metaStore, PushQueries pushQueries, PullQueries pullQueries) {
        this.metaStore = metaStore;
        this.pushQueries = pushQueries;
        this.pullQueries = pullQueries;
    }

    public Started start(String sql, Map<String, Object> streamsProperties, Map<String, String> sessionVariables) {
        return start(sql, streamsProperties, sessionVariables, Map.of());
    }

    /** @param requestProperties ksqlDB's {@code requestProperties}: what a pull query forwarded here may read */
    public Started start(String sql, Map<String, Object> streamsProperties, Map<String, String> sessionVariables,
            Map<String, Object> requestProperties) {
        List<String> statements = parser.split(sql);
        if (statements.size() != 1) {
            throw new RequestFailure(KsqlStatementException.BAD_STATEMENT, "Expected exactly one statement, found "
                    + statements.size() + ".", sql, List.of());
        }
        String text = statements.get(0);
        try {
            Map<String, String> variables = new HashMap<>();
            sessionVariables.forEach((k, v) -> variables.put(k.toUpperCase(Locale.ROOT), v));
            text = parser.substitute(text, variables);
            StreamsPropertiesPolicy.check(streamsProperties);
            Statement statement = parser.parse(text);
            if (!(statement instanceof Statement.Query query)) {
                throw new KsqlStatementException("The following statement types should be issued to the '/ksql'"
                        + " endpoint: " + statement.getClass().getSimpleName());
            }
            if (query.from().isNone()) {
                throw new KsqlStatementException("A query on this endpoint needs a FROM clause.");
            }
            DataSource source = metaStore.source(query.from().source()).orElseThrow(() ->
                    new KsqlStatementException("Exception while preparing statement: " + query.from().source()
                            + " does not exist."));
            if (query.emit().isEmpty()) {
                return new Started(null, query.limit(), Optional.of(pullQueries.run(query, source,
                        streamsProperties, text, requestProperties)));
            }
            Statement.Query planned = QueryPlanner.isStateful(query) ? query : WindowBounds.inStar(query, source);
            QueryPlan plan = WindowBounds.asKeys(planner.planPush(planned, name -> metaStore.source(name)
                    .orElseThrow(() -> new KsqlStatementException("Exception while preparing statement: " + name
                            + " does not exist."))));
            return new Started(pushQueries.start(plan, selectOrder(planned, source, plan.selectedColumns()),
                    query.from().aliasOrName(), streamsProperties, text), query.limit());
        } catch (SqlParseException | ExpressionException | IllegalArgumentException e) {
            throw new RequestFailure(KsqlStatementException.BAD_STATEMENT, e.getMessage(), text, List.of());
        } catch (io.tributary.sql.bounded.BoundedQueryEngine.TooManyRows e) {
            throw new RequestFailure(KsqlStatementException.BAD_STATEMENT, e.getMessage(), text, List.of());
        } catch (io.tributary.sql.bounded.Interruption.Stopped e) {
            throw new RequestFailure(KsqlStatementException.SERVER_ERROR, "The pull query " + e.getMessage()
                    + ".", text, List.of());
        } catch (KsqlStatementException e) {
            throw new RequestFailure(e.errorCode(), e.getMessage(), text, List.of());
        }
    }

    /**
     * The result columns in the order the SELECT lists them: a push query's header and rows follow the projection
     * (a sink's schema puts key columns first, a push query does not). Columns without a name of their own
     * ({@code KSQL_COL_n}) are numbered in projection order, so they fill the unnamed places in turn.
     */
    static List<Column> selectOrder(Statement.Query query, DataSource source, List<Column> planned) {
        Map<String, Column> byName = new java.util.LinkedHashMap<>();
        planned.forEach(c -> byName.put(c.name(), c));
        List<String> names = new java.util.ArrayList<>();
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.AllColumns) {
                source.columns().forEach(c -> names.add(c.name()));
            } else if (item instanceof Statement.SingleColumn single) {
                names.add(single.alias().orElseGet(() -> single.expression() instanceof Expression.ColumnRef ref
                        ? ref.name() : single.expression() instanceof Expression.Dereference d ? d.field() : null));
            }
        }
        java.util.Set<String> named = new java.util.HashSet<>(names);
        java.util.Iterator<Column> unnamed = planned.stream().filter(c -> !named.contains(c.name())).iterator();
        List<Column> ordered = new java.util.ArrayList<>();
        for (String name : names) {
            Column column = name == null ? (unnamed.hasNext() ? unnamed.next() : null) : byName.get(name);
            if (column == null || ordered.contains(column)) {
                return planned;
            }
            ordered.add(column);
        }
        return ordered.size() == planned.size() ? ordered : planned;
    }
}
