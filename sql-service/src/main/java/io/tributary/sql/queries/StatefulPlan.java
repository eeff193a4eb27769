package io.tributary.sql.queries;

import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.expression.Aggregates;
import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.metastore.DataSource;
import java.util.List;
import java.util.Optional;

/**
 * The steps of a query that keeps state or re-keys, in the order they run: read each input, join them (each join
 * adds the next input), WHERE, re-key (PARTITION BY or GROUP BY), aggregate (optionally windowed), HAVING, then the
 * projection of {@link QueryPlan#projection()}.
 *
 * <p>Rows are maps of column name to value. With joins, each input's columns (and pseudo-columns) are named
 * {@code <ALIAS>_<COLUMN>}; after an aggregation the row holds {@code KSQL_GRP_<i>} for the grouping values,
 * {@code KSQL_AGG_<i>} for the aggregates, {@code ROWTIME} and, when windowed, {@code WINDOWSTART}/{@code WINDOWEND}.
 *
 * <p>State stores and internal topics follow ksqlDB's names: the aggregate's store is
 * {@link #AGGREGATE_STORE} (changelog {@code <applicationId>-Aggregate-Aggregate-Materialize-changelog}), the
 * re-partition before it {@code <applicationId>-Aggregate-GroupBy-repartition}, a join's re-keyed left side
 * {@code <applicationId>-Join-left-repartition} ({@code Join<n>-left} from the second join on).
 */
public record StatefulPlan(List<Input> sources, List<JoinStep> joins, Optional<TypedExpression> where,
        KeyMode keyMode, List<TypedExpression> keyExpressions, boolean keyUnchanged, List<AggregateCall> aggregates,
        Optional<Statement.WindowExpression> window, Optional<TypedExpression> having,
        Optional<Statement.EmitType> emit, SourceType resultType) {

    /** The materialized store of a CTAS aggregation, queryable by pull queries. */
    public static final String AGGREGATE_STORE = "Aggregate-Aggregate-Materialize";

    /** Set in a joined row by each join: the value the two sides were joined on. */
    public static final String JOIN_KEY = "\u0000JOINKEY";

    public StatefulPlan {
        sources = List.copyOf(sources);
        joins = List.copyOf(joins);
        keyExpressions = List.copyOf(keyExpressions);
        aggregates = List.copyOf(aggregates);
    }

    public enum KeyMode { NONE, PARTITION_BY, GROUP_BY }

    /** An input of the query; {@code prefix} is prepended to its column names ("" without joins). */
    public record Input(DataSource source, String alias, String prefix) {
    }

    public enum JoinKind { STREAM_STREAM, STREAM_TABLE, TABLE_TABLE, FOREIGN_KEY }

    /**
     * Joins {@code sources[index]} to the rows so far. {@code leftKey} and {@code rightKey} compute the join value
     * from each side's row; a side marked for re-partitioning is re-keyed by it first, its key written as a
     * {@code keyType} column with {@code keyFormats}' key format (the encoding both sides then share). A
     * foreign-key join looks the right table up by {@code leftKey} written that way. With {@code syntheticKey}
     * (a full outer join, or criteria on no plain column) the joined row gets {@code ROWKEY}, the first non-null
     * side's join value.
     */
    public record JoinStep(int index, Statement.JoinType type, JoinKind kind, TypedExpression leftKey,
            TypedExpression rightKey, boolean repartitionLeft, boolean repartitionRight,
            Optional<Statement.Within> within, io.tributary.sql.metastore.Formats keyFormats,
            io.tributary.sql.ast.SqlType keyType, boolean syntheticKey) {
    }

    /** An aggregate call: the function and its compiled arguments. */
    public record AggregateCall(Aggregates.Aggregate function, List<TypedExpression> arguments) {
    }

    public boolean windowed() {
        return window.isPresent();
    }
}
