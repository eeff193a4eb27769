package io.tributary.sql.queries;

import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import java.util.List;
import java.util.Optional;

/**
 * A compiled stateless query: read the source, keep the rows {@code filter} accepts, compute {@code projection}.
 * Key columns of the result come first and are plain copies of the source's key columns.
 */
public record QueryPlan(DataSource source, Optional<TypedExpression> filter, List<ProjectedColumn> projection) {

    public QueryPlan {
        projection = List.copyOf(projection);
    }

    public List<Column> resultColumns() {
        return projection.stream().map(ProjectedColumn::column).toList();
    }
}
