package io.tributary.sql.queries;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.expression.ExpressionCompiler;
import io.tributary.sql.expression.ExpressionException;
import io.tributary.sql.expression.ExpressionText;
import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a SELECT against its source and compiles it into a {@link QueryPlan}: projection with aliases and
 * generated {@code KSQL_COL_n} names, WHERE, key columns carried through. Aggregations, joins, windows and
 * re-partitioning are refused for now.
 */
public final class QueryPlanner {

    /**
     * Plans any query: stateless ones as {@link #plan(Statement.Query, DataSource, boolean)}, those with joins,
     * GROUP BY, PARTITION BY or a window into a {@link StatefulPlan}.
     *
     * @param sources  looks a source up by name (throws when there is none)
     * @param sinkName the sink's name, for messages
     */
    public QueryPlan plan(Statement.Query query, java.util.function.Function<String, DataSource> sources,
            boolean requireKey, String sinkName) {
        return plan(query, sources, requireKey, sinkName, Purpose.BOUNDED);
    }

    /**
     * Plans a persistent query's SELECT.
     *
     * @param statement what the statement is, for messages ({@code CREATE TABLE AS SELECT}, {@code INSERT INTO})
     */
    public QueryPlan planPersistent(Statement.Query query, java.util.function.Function<String, DataSource> sources,
            boolean requireKey, String sinkName, String statement) {
        return plan(query, sources, requireKey, sinkName, new Purpose.Persistent(statement));
    }

    /**
     * Plans a push query ({@code EMIT CHANGES} on {@code /query}). Unlike a persistent query it may aggregate without
     * GROUP BY (all rows form one group), leave its grouping key out of its projection, and project no value column.
     */
    public QueryPlan planPush(Statement.Query query, java.util.function.Function<String, DataSource> sources) {
        return plan(query, sources, false, "", Purpose.PUSH);
    }

    private QueryPlan plan(Statement.Query query, java.util.function.Function<String, DataSource> sources,
            boolean requireKey, String sinkName, Purpose purpose) {
        if (isStateful(query)) {
            return new StatefulPlanner(query, sources, requireKey, sinkName, purpose).plan();
        }
        return plan(query, sources.apply(query.from().source()), requireKey, Optional.of(sinkName));
    }

    /** What a query is planned for, where ksqlDB allows one kind what it refuses another. */
    sealed interface Purpose {
        Purpose PUSH = Transient.PUSH;
        Purpose BOUNDED = Transient.BOUNDED;

        /** A query whose rows go to its client only, nothing is written to a sink. */
        enum Transient implements Purpose {
            /** A push query: it may aggregate without GROUP BY and project no value column. */
            PUSH,
            /** A bounded query (query service, pull): aggregates need a GROUP BY. */
            BOUNDED
        }

        record Persistent(String statement) implements Purpose {
        }
    }

    /** Whether a query needs more than one record at a time: joins, GROUP BY, PARTITION BY, WINDOW, aggregates. */
    public static boolean isStateful(Statement.Query query) {
        if (!query.joins().isEmpty() || !query.groupBy().isEmpty() || !query.partitionBy().isEmpty()
                || query.window().isPresent() || query.having().isPresent()) {
            return true;
        }
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.SingleColumn s) {
                boolean[] found = {false};
                io.tributary.sql.ast.Expressions.forEach(s.expression(), n -> found[0] |=
                        n instanceof Expression.FunctionCall f && io.tributary.sql.expression.Aggregates
                                .isAggregate(f.name()));
                if (found[0]) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * @param requireKey whether a source key column must appear in the projection (persistent queries: the sink
     *                   is keyed like the source)
     */
    public QueryPlan plan(Statement.Query query, DataSource source, boolean requireKey) {
        return plan(query, source, requireKey, Optional.empty());
    }

    private QueryPlan plan(Statement.Query query, DataSource source, boolean requireKey, Optional<String> sinkName) {
        if (!query.groupBy().isEmpty()) {
            throw new ExpressionException("GROUP BY is not supported yet.");
        }
        if (!query.partitionBy().isEmpty()) {
            throw new ExpressionException("PARTITION BY is not supported yet.");
        }
        if (query.having().isPresent()) {
            throw new ExpressionException("HAVING requires GROUP BY, which is not supported yet.");
        }
        List<String> names = new ArrayList<>();
        names.add(source.name());
        query.from().alias().ifPresent(names::add);
        List<Column> scope = new ArrayList<>(source.columns());
        if (source.windowed()) {
            scope.add(Column.value("WINDOWSTART", SqlType.BIGINT));
            scope.add(Column.value("WINDOWEND", SqlType.BIGINT));
        }
        ExpressionCompiler compiler = new ExpressionCompiler(scope, names);

        Optional<TypedExpression> filter = query.where().map(where -> {
            TypedExpression compiled = compiler.compile(where);
            if (compiled.type() != null && compiled.type().base() != SqlType.BaseType.BOOLEAN) {
                throw new ExpressionException("Type error in WHERE expression: Should evaluate to boolean but is "
                        + ExpressionText.of(where) + " (" + compiled.type() + ") instead.");
            }
            return compiled;
        });

        List<ProjectedColumn> keys = new ArrayList<>();
        java.util.Map<String, String> keyAliases = new java.util.HashMap<>();
        List<ProjectedColumn> values = new ArrayList<>();
        Set<String> used = new HashSet<>();
        int generated = 0;
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.AllColumns all) {
                if (all.source().isPresent() && !names.contains(all.source().get())) {
                    throw new ExpressionException("'" + all.source().get()
                            + "' is not a valid stream/table name or alias.");
                }
                for (Column column : source.columns()) {
                    // header columns are read-only inputs: a result holds them as value columns
                    TypedExpression ref = compiler.compile(Expression.ColumnRef.of(column.name()));
                    add(column.isKey() ? keys : values, used, new ProjectedColumn(new Column(column.name(),
                            column.type(), column.isKey() ? Column.Namespace.KEY : Column.Namespace.VALUE), ref));
                }
                continue;
            }
            Statement.SingleColumn single = (Statement.SingleColumn) item;
            TypedExpression compiled = compiler.compile(single.expression());
            String name;
            if (single.alias().isPresent()) {
                name = single.alias().get();
            } else if (single.expression() instanceof Expression.ColumnRef ref) {
                name = ref.name();
            } else if (single.expression() instanceof Expression.Dereference d) {
                name = d.field();
            } else {
                do {
                    name = "KSQL_COL_" + generated++;
                } while (used.contains(name));
            }
            SqlType type = compiled.type() == null ? SqlType.STRING : compiled.type();
            boolean isKey = single.expression() instanceof Expression.ColumnRef ref
                    && source.column(ref.name()).map(Column::isKey).orElse(false);
            if (isKey && requireKey) {
                String keyName = ((Expression.ColumnRef) single.expression()).name();
                Optional<String> earlier = keyAliases.putIfAbsent(keyName, name) == null ? Optional.empty()
                        : Optional.of(keyAliases.get(keyName));
                if (earlier.isPresent()) {
                    throw new ExpressionException("The projection contains a key column (`" + keyName
                            + "`) more than once, aliased as: " + String.join(" and ",
                            java.util.stream.Stream.of(earlier.get(), name).sorted().toList()) + ".");
                }
            }
            add(isKey ? keys : values, used, new ProjectedColumn(
                    new Column(name, type, isKey ? Column.Namespace.KEY : Column.Namespace.VALUE), compiled));
        }
        if (requireKey) {
            List<String> missing = new ArrayList<>();
            for (Column key : source.keyColumns()) {
                boolean projected = query.select().stream().anyMatch(i -> i instanceof Statement.AllColumns
                        || (i instanceof Statement.SingleColumn s && s.expression() instanceof Expression.ColumnRef r
                        && r.name().equals(key.name())));
                if (!projected) {
                    missing.add(key.name());
                }
            }
            if (!missing.isEmpty()) {
                String listed = missing.size() == 1 ? missing.get(0) : String.join(", ", missing.subList(0,
                        missing.size() - 1)) + " and " + missing.get(missing.size() - 1);
                throw new ExpressionException("Key missing from projection (ie, SELECT).\nThe query used to build "
                        + sinkName.map(n -> "`" + n + "`").orElse("the sink") + " must include the key column"
                        + (missing.size() == 1 ? " " : "s ") + listed + " in its projection (eg, SELECT "
                        + String.join(", ", missing) + "...).");
            }
            if (values.isEmpty()) {
                throw new ExpressionException("The projection contains no value columns.");
            }
        }
        List<ProjectedColumn> projection = new ArrayList<>(keys);
        projection.addAll(values);
        return new QueryPlan(source, filter, projection);
    }

    private static void add(List<ProjectedColumn> into, Set<String> used, ProjectedColumn column) {
        if (!used.add(column.column().name())) {
            throw new ExpressionException("Duplicate column names: " + column.column().name()
                    + ". Use an alias (AS) to give each column a name of its own.");
        }
        into.add(column);
    }
}
