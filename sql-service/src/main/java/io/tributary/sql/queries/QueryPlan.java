package io.tributary.sql.queries;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import java.util.List;
import java.util.Optional;

/**
 * A compiled query. A stateless one reads {@code source}, keeps the rows {@code filter} accepts and computes
 * {@code projection}; key columns of the result come first. A query with joins, GROUP BY, PARTITION BY or a window
 * also has {@code stateful}: its steps, and {@code projection} computed from the last step's row.
 */
public record QueryPlan(DataSource source, Optional<TypedExpression> filter, List<ProjectedColumn> projection,
        Optional<StatefulPlan> stateful) {

    public QueryPlan {
        projection = List.copyOf(projection);
    }

    public QueryPlan(DataSource source, Optional<TypedExpression> filter, List<ProjectedColumn> projection) {
        this(source, filter, projection, Optional.empty());
    }

    public List<Column> resultColumns() {
        return projection.stream().map(ProjectedColumn::column).toList();
    }

    /** Every source the query reads, the leftmost first. */
    public List<DataSource> sources() {
        return stateful.map(s -> s.sources().stream().map(StatefulPlan.Input::source).toList())
                .orElse(List.of(source));
    }

    /** STREAM or TABLE: what the query produces. */
    public SourceType resultType() {
        return stateful.map(StatefulPlan::resultType).orElse(source.type());
    }
}
