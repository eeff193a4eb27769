package io.tributary.sql.engine;

import io.tributary.sql.ast.Statement;
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

    /** A started push query and the statement's LIMIT, if any. */
    public record Started(PushQuery query, Optional<Integer> limit) {
    }

    private final SqlParser parser = new SqlParser();
    private final QueryPlanner planner = new QueryPlanner();
    private final MetaStore metaStore;
    private final PushQueries pushQueries;

    public PushQueryEngine(MetaStore metaStore, PushQueries pushQueries) {
        this.metaStore = metaStore;
        this.pushQueries = pushQueries;
    }

    public Started start(String sql, Map<String, Object> streamsProperties, Map<String, String> sessionVariables) {
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
            Statement statement = parser.parse(text);
            if (!(statement instanceof Statement.Query query)) {
                throw new KsqlStatementException("The following statement types should be issued to the '/ksql'"
                        + " endpoint: " + statement.getClass().getSimpleName());
            }
            DataSource source = metaStore.source(query.from().source()).orElseThrow(() ->
                    new KsqlStatementException("Exception while preparing statement: " + query.from().source()
                            + " does not exist."));
            if (query.emit().isEmpty()) {
                throw new KsqlStatementException("Pull queries are not supported yet: add EMIT CHANGES to run "
                        + "a push query.");
            }
            QueryPlan plan = planner.plan(query, name -> metaStore.source(name).orElseThrow(() ->
                    new KsqlStatementException("Exception while preparing statement: " + name + " does not exist.")),
                    false, "");
            return new Started(pushQueries.start(plan, query.from().aliasOrName(), streamsProperties), query.limit());
        } catch (SqlParseException | ExpressionException | IllegalArgumentException e) {
            throw new RequestFailure(KsqlStatementException.BAD_STATEMENT, e.getMessage(), text, List.of());
        } catch (KsqlStatementException e) {
            throw new RequestFailure(e.errorCode(), e.getMessage(), text, List.of());
        }
    }
}
