package io.tributary.sql.queries;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import java.util.List;
import java.util.Optional;

/**
 * A compiled query. A stateless one reads {@code source}, keeps the rows {@code filter} accepts and computes
 * {@code projection}; key columns of the result come first. A query with joins, GROUP BY, PARTITION BY or a window
 * also has {@code stateful}: its steps, and {@code projection} computed from the last step's row. {@code unselected}
 * names the projected columns the SELECT did not ask for: a push query's grouping key, which its rows need as their
 * key but its client does not see.
 */
public record QueryPlan(DataSource source, Optional<TypedExpression> filter, List<ProjectedColumn> projection,
        Optional<StatefulPlan> stateful, List<String> unselected) {

    public QueryPlan {
        projection = List.copyOf(projection);
        unselected = List.copyOf(unselected);
    }

    public QueryPlan(DataSource source, Optional<TypedExpression> filter, List<ProjectedColumn> projection,
            Optional<StatefulPlan> stateful) {
        this(source, filter, projection, stateful, List.of());
    }

    public QueryPlan(DataSource source, Optional<TypedExpression> filter, List<ProjectedColumn> projection) {
        this(source, filter, projection, Optional.empty());
    }

    public List<Column> resultColumns() {
        return projection.stream().map(ProjectedColumn::column).toList();
    }

    /** The result columns the SELECT asked for, without those computed only to key the rows. */
    public List<Column> selectedColumns() {
        return resultColumns().stream().filter(c -> !unselected.contains(c.name())).toList();
    }

    /** Every source the query reads, the leftmost first. */
    public List<DataSource> sources() {
        return stateful.map(s -> s.sources().stream().map(StatefulPlan.Input::source).toList())
                .orElse(List.of(source));
    }

    /**
     * How the result's keys are windowed: by a windowed aggregation's window; a join of windowed sources keeps
     * its left source's windows; a projection of a windowed source keeps the source's.
     */
    public Optional<io.tributary.sql.metastore.WindowInfo> resultWindow() {
        if (stateful.isEmpty()) {
            return source.window();
        }
        StatefulPlan steps = stateful.get();
        if (steps.window().isPresent()) {
            Statement.WindowExpression w = steps.window().get();
            return Optional.of(new io.tributary.sql.metastore.WindowInfo(w.type().name(),
                    w.type() == Statement.WindowType.SESSION ? Optional.empty() : Optional.of(w.size())));
        }
        if (!steps.joins().isEmpty() && steps.keyMode() == StatefulPlan.KeyMode.NONE) {
            return steps.sources().get(0).source().window();
        }
        return Optional.empty();
    }

    /** STREAM or TABLE: what the query produces. */
    public SourceType resultType() {
        return stateful.map(StatefulPlan::resultType).orElse(source.type());
    }
}
