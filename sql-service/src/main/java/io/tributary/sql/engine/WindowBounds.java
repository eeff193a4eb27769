package io.tributary.sql.engine;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.queries.ProjectedColumn;
import io.tributary.sql.queries.QueryPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code WINDOWSTART} and {@code WINDOWEND} in the results of pull and push queries on a windowed source: its rows
 * are keyed by key and window, so {@code SELECT *} lists the bounds right after the key columns and a selected
 * bound belongs to the result's key (a deleted row still carries it). A persistent query's {@code SELECT *} does
 * not add them: its sink keeps the window in its keys.
 */
final class WindowBounds {

    private WindowBounds() {
    }

    /** The query with each {@code *} over a windowed source spelled out, the bounds after the key columns. */
    static Statement.Query inStar(Statement.Query query, DataSource source) {
        if (!source.windowed() || query.select().stream().noneMatch(i -> i instanceof Statement.AllColumns)) {
            return query;
        }
        List<Statement.SelectItem> select = new ArrayList<>();
        for (Statement.SelectItem item : query.select()) {
            if (!(item instanceof Statement.AllColumns)) {
                select.add(item);
                continue;
            }
            List<String> names = new ArrayList<>(source.keyColumns().stream().map(Column::name).toList());
            names.add("WINDOWSTART");
            names.add("WINDOWEND");
            source.valueColumns().forEach(c -> names.add(c.name()));
            names.forEach(n -> select.add(new Statement.SingleColumn(Expression.ColumnRef.of(n), Optional.empty())));
        }
        return new Statement.Query(select, query.from(), query.where(), query.groupBy(), query.partitionBy(),
                query.having(), query.emit(), query.limit(), query.joins(), query.window());
    }

    /** The plan with the selected window bounds of a windowed source as key columns of the result. */
    static QueryPlan asKeys(QueryPlan plan) {
        if (!plan.source().windowed() || plan.stateful().isPresent()) {
            return plan;
        }
        List<ProjectedColumn> projection = new ArrayList<>();
        for (ProjectedColumn column : plan.projection()) {
            String name = column.column().name();
            boolean bound = name.equals("WINDOWSTART") || name.equals("WINDOWEND");
            projection.add(bound ? new ProjectedColumn(new Column(name, column.column().type(),
                    Column.Namespace.KEY), column.expression()) : column);
        }
        return new QueryPlan(plan.source(), plan.filter(), projection, plan.stateful(), plan.unselected());
    }
}
