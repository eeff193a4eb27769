package io.tributary.sql.queries;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Expression.ColumnRef;
import io.tributary.sql.ast.Expression.FunctionCall;
import io.tributary.sql.ast.Expressions;
import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.expression.Aggregates;
import io.tributary.sql.expression.ExpressionCompiler;
import io.tributary.sql.expression.ExpressionException;
import io.tributary.sql.expression.ExpressionText;
import io.tributary.sql.expression.TypedExpression;
import io.tributary.sql.metastore.Column;
import io.tributary.sql.metastore.DataSource;
import io.tributary.sql.metastore.Formats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Plans queries with joins, GROUP BY, PARTITION BY or windows into a {@link StatefulPlan}. */
final class StatefulPlanner {

    private static final Set<String> PSEUDO = Set.of("ROWTIME", "ROWPARTITION", "ROWOFFSET");
    private static final List<String> WINDOW_BOUNDS = List.of("WINDOWSTART", "WINDOWEND");

    private final Statement.Query query;
    private final boolean requireKey;
    private final String sinkName;
    private final QueryPlanner.Purpose purpose;
    private final List<StatefulPlan.Input> inputs = new ArrayList<>();
    private final boolean join;
    private final boolean fullJoin;
    private final Set<String> generatedTaken = new HashSet<>();
    private int generated;
    private SourceType joinResultType;

    StatefulPlanner(Statement.Query query, Function<String, DataSource> lookup, boolean requireKey, String sinkName,
            QueryPlanner.Purpose purpose) {
        this.query = query;
        this.requireKey = requireKey;
        this.sinkName = sinkName;
        this.purpose = purpose;
        this.join = !query.joins().isEmpty();
        this.fullJoin = query.joins().stream().anyMatch(StatefulPlanner::synthetic);
        DataSource first = lookup.apply(query.from().source());
        inputs.add(new StatefulPlan.Input(first, query.from().aliasOrName(), join ? query.from().aliasOrName() + "_"
                : ""));
        for (Statement.Join j : query.joins()) {
            DataSource right = lookup.apply(j.relation().source());
            String alias = j.relation().aliasOrName();
            if (inputs.stream().anyMatch(i -> i.source().name().equals(right.name()))) {
                if (query.joins().size() == 1) {
                    throw new ExpressionException("Can not join '" + right.name() + "' to '" + right.name()
                            + "': self joins are not yet supported.");
                }
                throw new ExpressionException("N-way joins do not support multiple occurrences of the same source. "
                        + "Source: '" + right.name() + "'.");
            }
            inputs.add(new StatefulPlan.Input(right, alias, alias + "_"));
        }
    }

    // ------------------------------------------------------------------------------------------ scope

    private List<Column> scope() {
        List<Column> columns = new ArrayList<>();
        for (StatefulPlan.Input input : inputs) {
            for (Column c : input.source().columns()) {
                columns.add(new Column(input.prefix() + c.name(), c.type(),
                        join || c.namespace() == Column.Namespace.HEADER ? Column.Namespace.VALUE : c.namespace()));
            }
            if (join) {
                for (Column p : ExpressionCompiler.PSEUDO_COLUMNS) {
                    columns.add(Column.value(input.prefix() + p.name(), p.type()));
                }
                if (input.source().windowed()) {
                    for (String bound : WINDOW_BOUNDS) {
                        columns.add(Column.value(input.prefix() + bound, SqlType.BIGINT));
                    }
                }
            }
        }
        return columns;
    }

    private Optional<StatefulPlan.Input> input(String qualifier) {
        return inputs.stream().filter(i -> i.alias().equals(qualifier)).findFirst()
                .or(() -> inputs.stream().filter(i -> i.source().name().equals(qualifier)).findFirst());
    }

    private static boolean has(DataSource source, String column) {
        return PSEUDO.contains(column) || source.column(column).isPresent()
                || (source.windowed() && WINDOW_BOUNDS.contains(column));
    }

    /**
     * The columns {@code *} brings in from one input: a windowed input's window bounds follow its key columns
     * (in a join they are columns of the joined rows, {@code <ALIAS>_WINDOWSTART} and {@code <ALIAS>_WINDOWEND}).
     */
    private List<Column> starColumns(StatefulPlan.Input input) {
        List<Column> columns = new ArrayList<>(input.source().keyColumns());
        if (join && input.source().windowed()) {
            WINDOW_BOUNDS.forEach(bound -> columns.add(Column.value(bound, SqlType.BIGINT)));
        }
        input.source().columns().stream().filter(c -> c.namespace() != Column.Namespace.KEY)
                .forEach(columns::add);
        return columns;
    }

    /** Qualified and unqualified references rewritten to the names columns have in the rows. */
    private Expression resolve(Expression e) {
        return Expressions.rewrite(e, node -> {
            if (!(node instanceof ColumnRef ref)) {
                return Optional.empty();
            }
            if (!join) {
                if (ref.source().isPresent() && input(ref.source().get()).isEmpty()) {
                    throw new ExpressionException("'" + ref.source().get()
                            + "' is not a valid stream/table name or alias.");
                }
                return Optional.of(ColumnRef.of(ref.name()));
            }
            if (ref.source().isPresent()) {
                StatefulPlan.Input in = input(ref.source().get()).orElseThrow(() -> new ExpressionException(
                        "Failed to prepare statement: '" + ref.source().get()
                                + "' is not a valid stream/table name or alias."));
                if (!has(in.source(), ref.name())) {
                    throw new ExpressionException("Column '" + ref.source().get() + "." + ref.name()
                            + "' cannot be resolved.");
                }
                return Optional.of(ColumnRef.of(in.prefix() + ref.name()));
            }
            if (PSEUDO.contains(ref.name()) || ref.name().equals("WINDOWSTART") || ref.name().equals("WINDOWEND")
                    || ref.name().startsWith("KSQL_") || (fullJoin && ref.name().equals("ROWKEY")
                    && inputs.stream().noneMatch(i -> has(i.source(), "ROWKEY")))) {
                return Optional.of(ref);
            }
            List<StatefulPlan.Input> matches = inputs.stream().filter(i -> has(i.source(), ref.name())).toList();
            if (matches.isEmpty()) {
                throw new ExpressionException("Column '" + ref.name() + "' cannot be resolved.");
            }
            if (matches.size() > 1) {
                throw new ExpressionException("Column '" + ref.name() + "' is ambiguous. Could be any of: "
                        + String.join(", ", matches.stream().map(i -> i.alias() + "." + ref.name()).toList()));
            }
            return Optional.of(ColumnRef.of(matches.get(0).prefix() + ref.name()));
        });
    }

    private String nextGenerated() {
        String name;
        do {
            name = "KSQL_COL_" + generated++;
        } while (generatedTaken.contains(name));
        return name;
    }

    /** The name a select item gets: its alias, its column's name (alias-prefixed when qualified in a join). */
    private Optional<String> naturalName(Statement.SingleColumn item) {
        if (item.alias().isPresent()) {
            return item.alias();
        }
        if (item.expression() instanceof ColumnRef ref) {
            // a qualified column keeps its bare name unless another input has a column of that name
            if (join && ref.source().isPresent()
                    && inputs.stream().filter(i -> has(i.source(), ref.name())).count() > 1) {
                return Optional.of(input(ref.source().get()).map(StatefulPlan.Input::prefix).orElse("")
                        + ref.name());
            }
            return Optional.of(ref.name());
        }
        if (item.expression() instanceof Expression.Dereference d) {
            return Optional.of(d.field());
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------ plan

    QueryPlan plan() {
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.SingleColumn s && s.alias().isPresent()) {
                generatedTaken.add(s.alias().get());
            }
        }
        List<Column> scope = scope();
        List<String> names = new ArrayList<>();
        if (!join) {
            names.add(inputs.get(0).source().name());
            names.add(inputs.get(0).alias());
        }
        if (fullJoin) {
            Statement.Join full = query.joins().stream().filter(StatefulPlanner::synthetic)
                    .findFirst().orElseThrow();
            SqlType type = SqlType.STRING;
            if (full.on() instanceof Expression.Comparison c) {
                TypedExpression left = new ExpressionCompiler(scope, names).compile(resolve(c.left()));
                type = left.type() == null ? type : left.type();
            }
            scope = new ArrayList<>(scope);
            scope.add(Column.value("ROWKEY", type));
        }
        ExpressionCompiler compiler = new ExpressionCompiler(scope, names);

        // joins
        List<StatefulPlan.JoinStep> joinSteps = new ArrayList<>();
        Set<Expression> keySet = new LinkedHashSet<>();
        String starKey = null;
        DataSource first = inputs.get(0).source();
        if (!join && first.keyColumns().size() == 1) {
            keySet.add(ColumnRef.of(first.keyColumns().get(0).name()));
        } else if (join && first.keyColumns().size() == 1) {
            keySet.add(ColumnRef.of(inputs.get(0).prefix() + first.keyColumns().get(0).name()));
        }
        Formats keyFormats = first.formats();
        SqlType keyType = first.keyColumns().size() == 1 ? first.keyColumns().get(0).type() : null;
        SourceType resultType = first.type();
        List<String> kafkaValues = inputs.stream().filter(in -> in.source().formats().valueFormat().equals("KAFKA"))
                .map(in -> in.source().name()).toList();
        if (join && !kafkaValues.isEmpty()) {
            throw new ExpressionException("Source(s) " + String.join(", ", kafkaValues) + " are using the 'KAFKA' "
                    + "value format. This format does not yet support JOIN.");
        }
        for (int i = 0; i < query.joins().size(); i++) {
            Statement.Join j = query.joins().get(i);
            StatefulPlan.Input right = inputs.get(i + 1);
            DataSource rightSource = right.source();
            SourceType leftType = resultType;
            StatefulPlan.JoinKind kind;
            validateCriteria(j, i + 1);
            if (leftType == SourceType.STREAM && rightSource.type() == SourceType.STREAM) {
                if (j.within().isEmpty()) {
                    throw new ExpressionException("Stream-Stream joins must have a WITHIN clause specified. None was "
                            + "provided. To learn about how to specify a WITHIN clause with a stream-stream join, "
                            + "please visit: https://docs.confluent.io/current/ksql/docs/syntax-reference.html"
                            + "#create-stream-as-select");
                }
                kind = StatefulPlan.JoinKind.STREAM_STREAM;
            } else if (j.within().isPresent()) {
                throw new ExpressionException("A window definition was provided for a "
                        + (leftType == SourceType.TABLE ? "Table-Table" : "Stream-Table") + " join. These joins"
                        + " are not windowed. Please drop the window definition (ie. the WITHIN clause) and try to "
                        + "execute your join again.");
            } else if (leftType == SourceType.TABLE && rightSource.type() == SourceType.STREAM) {
                throw new ExpressionException("Invalid join order: table-stream joins are not supported; only "
                        + "stream-table joins. Got " + inputs.get(0).source().name() + " [" + j.type() + "] JOIN "
                        + rightSource.name() + ".");
            } else if (leftType == SourceType.STREAM) {
                kind = StatefulPlan.JoinKind.STREAM_TABLE;
                if (j.type() != Statement.JoinType.INNER && j.type() != Statement.JoinType.LEFT) {
                    throw new ExpressionException("Invalid join type: full-outer join not supported for Stream-Table"
                            + " join. Got " + inputs.get(0).source().name() + " [" + j.type() + "] JOIN "
                            + rightSource.name() + ".");
                }
            } else {
                kind = StatefulPlan.JoinKind.TABLE_TABLE;
            }
            if (rightSource.windowed() != inputs.get(0).source().windowed()) {
                throw new ExpressionException("Can not join windowed source to non-windowed source.");
            }
            if (!(j.on() instanceof Expression.Comparison c) || c.op() != Expression.ComparisonOp.EQUAL) {
                throw new ExpressionException("Unsupported join expression: " + ExpressionText.of(j.on())
                        + ". Only equality joins (=) are supported.");
            }
            Expression a = resolve(c.left());
            Expression b = resolve(c.right());
            int sideA = side(a, i + 1, c, j.on());
            int sideB = side(b, i + 1, c, j.on());
            if (sideA == sideB) {
                throw new ExpressionException("Invalid comparison expression '" + ExpressionText.of(c.right())
                        + "' in join '" + ExpressionText.of(j.on()) + "'. Each side of the join comparision must "
                        + "contain references from exactly one source.");
            }
            Expression leftExpr = sideA == 0 ? a : b;
            Expression rightExpr = sideA == 0 ? b : a;
            Column rightKey = rightSource.keyColumns().size() == 1 ? rightSource.keyColumns().get(0) : null;
            boolean rightOnKey = rightKey != null && rightExpr.equals(ColumnRef.of(right.prefix() + rightKey.name()));
            TypedExpression leftKey = compiler.compile(leftExpr);
            TypedExpression rightKeyExpr = compiler.compile(rightExpr);
            if (leftKey.type() != null && rightKeyExpr.type() != null && !leftKey.type().equals(rightKeyExpr.type())
                    && !(numeric(leftKey.type()) && numeric(rightKeyExpr.type()))) {
                throw new ExpressionException("Invalid join condition: types don't match. Got "
                        + ExpressionText.of(c.left()) + "{" + (sideA == 0 ? leftKey : rightKeyExpr).type() + "} = "
                        + ExpressionText.of(c.right()) + "{" + (sideA == 0 ? rightKeyExpr : leftKey).type() + "}.");
            }
            checkKeyType(leftKey.type(), ExpressionText.of(leftExpr));
            boolean leftOnKey = keySet.contains(leftExpr);
            Formats targetFormats;
            SqlType targetType;
            if (kind == StatefulPlan.JoinKind.STREAM_STREAM && leftOnKey && keyType != null) {
                targetFormats = keyFormats;
                targetType = keyType;
            } else if (rightOnKey) {
                targetFormats = rightSource.formats();
                targetType = rightKey.type();
            } else {
                targetFormats = keyFormats;
                targetType = leftKey.type() == null ? SqlType.STRING : leftKey.type();
            }
            boolean sameLeft = leftOnKey && keyType != null && keyType.equals(targetType)
                    && sameKeyFormat(keyFormats, targetFormats);
            boolean sameRight = rightOnKey && rightKey.type().equals(targetType)
                    && sameKeyFormat(rightSource.formats(), targetFormats);
            boolean repartitionLeft = !sameLeft;
            boolean repartitionRight = !sameRight;
            if (kind == StatefulPlan.JoinKind.STREAM_TABLE && !rightOnKey) {
                throw new ExpressionException("Invalid join condition: stream-table joins require to join on the "
                        + "table's primary key. Got " + ExpressionText.of(c.left()) + " = "
                        + ExpressionText.of(c.right()) + ".");
            }
            if (kind == StatefulPlan.JoinKind.TABLE_TABLE) {
                if (!rightOnKey) {
                    throw new ExpressionException("Invalid join condition: table-table joins require to join on the "
                            + "primary key of the right input table. Got " + ExpressionText.of(c.left()) + " = "
                            + ExpressionText.of(c.right()) + ".");
                }
                if (!sameLeft) {
                    if (rightSource.windowed() || inputs.get(0).source().windowed()) {
                        throw new ExpressionException("Foreign-key table-table joins are not supported on windowed "
                                + "tables.");
                    }
                    if (j.type() != Statement.JoinType.INNER && j.type() != Statement.JoinType.LEFT) {
                        throw new ExpressionException("Invalid join type: foreign-key table-table joins only support "
                                + "INNER and LEFT joins. Got " + j.type() + ".");
                    }
                    kind = StatefulPlan.JoinKind.FOREIGN_KEY;
                }
                repartitionLeft = false;
                repartitionRight = false;
            }
            if (kind == StatefulPlan.JoinKind.STREAM_TABLE) {
                repartitionRight = false;
            }
            if ((repartitionLeft || repartitionRight) && rightSource.windowed()) {
                throw new ExpressionException("Implicit repartitioning of windowed sources is not supported. See "
                        + "https://github.com/confluentinc/ksql/issues/4385.");
            }
            joinSteps.add(new StatefulPlan.JoinStep(i + 1, j.type(), kind, leftKey, rightKeyExpr, repartitionLeft,
                    repartitionRight, j.within(), targetFormats, targetType, synthetic(j)));
            if (kind == StatefulPlan.JoinKind.FOREIGN_KEY) {
                continue;
            }
            if (repartitionLeft) {
                keySet.clear();
            }
            if (synthetic(j)) {
                keySet.clear();
                keySet.add(ColumnRef.of("ROWKEY"));
            } else {
                keySet.add(leftExpr);
                keySet.add(rightExpr);
            }
            keyFormats = targetFormats;
            keyType = targetType;
            if (kind != StatefulPlan.JoinKind.STREAM_TABLE && kind != StatefulPlan.JoinKind.FOREIGN_KEY) {
                resultType = kind == StatefulPlan.JoinKind.TABLE_TABLE ? SourceType.TABLE : SourceType.STREAM;
            }
            if (synthetic(j)) {
                starKey = "ROWKEY";
            } else if (i == 0 || repartitionLeft) {
                Expression keyExpr = leftExpr;
                starKey = keyExpr instanceof ColumnRef ref ? ref.name()
                        : rightExpr instanceof ColumnRef ref2 ? ref2.name() : null;
            }
        }
        this.joinResultType = resultType;

        checkWindowBoundsOfAggregation();
        Optional<TypedExpression> where = query.where().map(w -> {
            TypedExpression compiled = compiler.compile(resolve(w));
            if (compiled.type() != null && compiled.type().base() != SqlType.BaseType.BOOLEAN) {
                throw new ExpressionException("Type error in WHERE expression: Should evaluate to boolean but is "
                        + ExpressionText.of(w) + " (" + compiled.type() + ") instead.");
            }
            return compiled;
        });

        List<Statement.SingleColumn> items = new ArrayList<>();
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.SingleColumn s) {
                items.add(s);
            }
        }
        boolean selectsAggregates = false;
        for (Statement.SingleColumn item : items) {
            selectsAggregates |= containsAggregate(item.expression());
        }
        boolean hasAggregates = selectsAggregates
                || query.having().map(StatefulPlanner::containsAggregate).orElse(false);

        if (!query.groupBy().isEmpty()) {
            return planAggregate(compiler, joinSteps, where, scope, query.groupBy(), false);
        }
        if (hasAggregates) {
            List<String> plain = items.stream().filter(item -> !containsAggregate(item.expression())
                    && !Expressions.columns(item.expression()).isEmpty())
                    .map(item -> ExpressionText.of(item.expression())).toList();
            if (!plain.isEmpty()) {
                throw new ExpressionException("Non-aggregate SELECT expression(s) not part of GROUP BY: "
                        + String.join(", ", plain));
            }
            // as ksqlDB does, aggregates in the SELECT of a push query without GROUP BY make all rows one group,
            // grouped by a constant; a persistent query would need that constant as its sink's key
            if (selectsAggregates && purpose == QueryPlanner.Purpose.PUSH) {
                return planAggregate(compiler, joinSteps, where, scope, List.of(new Expression.IntegerLiteral(1)),
                        true);
            }
            if (selectsAggregates && purpose instanceof QueryPlanner.Purpose.Persistent persistent) {
                throw new ExpressionException(persistent.statement() + " statement does not support aggregate "
                        + "function " + selectedAggregates() + " without a GROUP BY clause.");
            }
            throw new ExpressionException("Use of aggregate function " + firstAggregate() + " requires a GROUP BY "
                    + "clause.");
        }
        if (query.window().isPresent()) {
            throw new ExpressionException("WINDOW clause requires a GROUP BY clause.");
        }
        if (query.having().isPresent()) {
            throw new ExpressionException("HAVING clause requires a GROUP BY clause.");
        }
        if (!query.partitionBy().isEmpty()) {
            return planPartitionBy(compiler, joinSteps, where, scope);
        }
        return planJoin(compiler, joinSteps, where, keySet, starKey, scope);
    }

    /**
     * A windowed aggregation's window bounds exist only once rows are grouped into windows: not for its WHERE clause
     * (which reads the input rows) nor for the aggregates' arguments and HAVING.
     */
    private void checkWindowBoundsOfAggregation() {
        if (query.groupBy().isEmpty() || inputs.stream().anyMatch(in -> in.source().windowed())) {
            return;
        }
        Optional<String> inWhere = query.where().flatMap(StatefulPlanner::windowBound);
        if (inWhere.isPresent()) {
            throw new ExpressionException("Error in WHERE expression: Unknown column " + inWhere.get() + ".");
        }
        List<Expression> aggregated = new ArrayList<>();
        query.having().ifPresent(aggregated::add);
        aggregated.addAll(aggregateCalls(selectedExpressions()));
        for (Expression e : aggregated) {
            Optional<String> bound = windowBound(e);
            if (bound.isPresent()) {
                throw new ExpressionException("Window bounds column " + bound.get() + " can only be used in the "
                        + "SELECT clause of windowed aggregations and can not be passed to aggregate functions.");
            }
        }
    }

    private static Optional<String> windowBound(Expression e) {
        return Expressions.columns(e).stream().map(ColumnRef::name).filter(WINDOW_BOUNDS::contains).findFirst();
    }

    /** Checks a join's criteria before anything else about the join, as ksqlDB reports them first. */
    private void validateCriteria(Statement.Join j, int rightIndex) {
        if (j.on() instanceof Expression.Logical l) {
            throw new ExpressionException("Invalid join condition: joins on multiple conditions are not yet "
                    + "supported. Got " + ExpressionText.of(l) + ".");
        }
        if (!(j.on() instanceof Expression.Comparison c) || c.op() != Expression.ComparisonOp.EQUAL) {
            throw new ExpressionException("Unsupported join expression: " + ExpressionText.of(j.on())
                    + ". Only equality joins (=) are supported.");
        }
        for (Expression side : List.of(c.left(), c.right())) {
            for (ColumnRef ref : Expressions.columns(side)) {
                if (ref.source().isPresent()) {
                    Optional<StatefulPlan.Input> in = input(ref.source().get());
                    if (in.isEmpty()) {
                        throw new ExpressionException("Failed to prepare statement: '" + ref.source().get()
                                + "' is not a valid stream/table name or alias.");
                    }
                    if (!has(in.get().source(), ref.name())) {
                        throw new ExpressionException("JOIN ON column '" + ref.source().get() + "." + ref.name()
                                + "' cannot be resolved.");
                    }
                }
            }
        }
        for (Expression side : List.of(c.left(), c.right())) {
            if (Expressions.columns(side).isEmpty()) {
                throw new ExpressionException("Invalid comparison expression '" + ExpressionText.of(side)
                        + "' in join '" + ExpressionText.of(j.on()) + "'. Each side of the join comparision must "
                        + "contain references from exactly one source.");
            }
        }
    }

    /** 0 when the expression reads only inputs left of {@code rightIndex}, 1 when only that input, else -1. */
    private int side(Expression e, int rightIndex, Expression.Comparison c, Expression on) {
        Set<Integer> used = new HashSet<>();
        for (ColumnRef ref : Expressions.columns(e)) {
            for (int i = 0; i < inputs.size(); i++) {
                if (ref.name().startsWith(inputs.get(i).prefix())) {
                    used.add(i == rightIndex ? 1 : i < rightIndex ? 0 : 2);
                    break;
                }
            }
        }
        if (used.size() != 1 || used.contains(2)) {
            String text = used.isEmpty() ? ExpressionText.of(e) : ExpressionText.of(c.right());
            throw new ExpressionException("Invalid comparison expression '" + text + "' in join '"
                    + ExpressionText.of(on) + "'. Each side of the join comparision must contain references from "
                    + "exactly one source.");
        }
        return used.iterator().next();
    }

    private static boolean containsAggregate(Expression e) {
        return !aggregateCalls(List.of(e)).isEmpty();
    }

    /** The SELECT's aggregate calls as ksqlDB lists them: a COUNT of rows counts their ROWTIME. */
    private List<String> selectedAggregates() {
        return aggregateCalls(selectedExpressions()).stream().map(f -> f.star() || f.arguments().isEmpty()
                ? f.name() + "(ROWTIME)" : ExpressionText.of(f)).toList();
    }

    private String firstAggregate() {
        return aggregateCalls(selectedExpressions()).stream().findFirst().map(FunctionCall::name).orElse("");
    }

    /** The expressions of the SELECT's single columns, as written (a {@code *} has none). */
    private List<Expression> selectedExpressions() {
        List<Expression> expressions = new ArrayList<>();
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.SingleColumn s) {
                expressions.add(s.expression());
            }
        }
        return expressions;
    }

    private SourceType leftType() {
        return join ? joinResultType : inputs.get(0).source().type();
    }

    /** Whether a join gets the synthetic ROWKEY key column: full outer, or criteria that are not plain columns. */
    private static boolean synthetic(Statement.Join j) {
        if (j.type() == Statement.JoinType.FULL) {
            return true;
        }
        return j.on() instanceof Expression.Comparison c && !(c.left() instanceof ColumnRef)
                && !(c.right() instanceof ColumnRef);
    }

    private static boolean containsMap(SqlType type) {
        if (type instanceof SqlType.Map) {
            return true;
        }
        if (type instanceof SqlType.Array a) {
            return containsMap(a.element());
        }
        if (type instanceof SqlType.Struct st) {
            return st.fields().stream().anyMatch(f -> containsMap(f.type()));
        }
        return false;
    }

    private static void checkKeyType(SqlType type, String column) {
        if (type != null && containsMap(type)) {
            throw new ExpressionException("Map keys, including types that contain maps, are not supported as they "
                    + "may lead to unexpected behavior due to inconsistent serialization. Key column name: `"
                    + column + "`. Column type: " + type + ". See https://github.com/confluentinc/ksql/issues/6621 "
                    + "for more.");
        }
    }

    private static boolean numeric(SqlType type) {
        return switch (type.base()) {
            case INTEGER, BIGINT, DOUBLE, DECIMAL -> true;
            default -> false;
        };
    }

    private static boolean sameKeyFormat(Formats a, Formats b) {
        return a.keyFormat().equals(b.keyFormat()) && a.keyDelimiterChar() == b.keyDelimiterChar();
    }

    // ------------------------------------------------------------------------------------------ join only

    private QueryPlan planJoin(ExpressionCompiler compiler, List<StatefulPlan.JoinStep> joins,
            Optional<TypedExpression> where, Set<Expression> keySet, String starKey, List<Column> scope) {
        // the key is the first explicitly selected join expression; without one, the join column a * brings in
        boolean explicitKey = false;
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.SingleColumn single && keySet.contains(resolve(single.expression()))) {
                explicitKey = true;
                break;
            }
        }
        List<ProjectedColumn> keys = new ArrayList<>();
        List<ProjectedColumn> values = new ArrayList<>();
        List<String> keyAliases = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.AllColumns all) {
                List<StatefulPlan.Input> of = all.source().isEmpty() ? inputs
                        : List.of(input(all.source().get()).orElseThrow(() -> new ExpressionException("'"
                                + all.source().get() + "' is not a valid stream/table name or alias.")));
                if (all.source().isEmpty() && starKey != null && keys.isEmpty() && !explicitKey) {
                    String key = starKey;
                    add(keys, used, new ProjectedColumn(Column.key(key, compiler.compile(ColumnRef.of(key)).type()),
                            joinKey(compiler.compile(ColumnRef.of(key)))));
                }
                for (StatefulPlan.Input in : of) {
                    for (Column c : starColumns(in)) {
                        String name = in.prefix() + c.name();
                        TypedExpression ref = compiler.compile(ColumnRef.of(name));
                        boolean isKey = !explicitKey && keys.isEmpty() && keySet.contains(ColumnRef.of(name));
                        if (used.contains(name) && keys.stream().anyMatch(k -> k.column().name().equals(name))) {
                            continue;
                        }
                        add(isKey ? keys : values, used, new ProjectedColumn(new Column(name, c.type(),
                                isKey ? Column.Namespace.KEY : Column.Namespace.VALUE), isKey ? joinKey(ref) : ref));
                    }
                }
                continue;
            }
            Statement.SingleColumn single = (Statement.SingleColumn) item;
            Expression resolved = resolve(single.expression());
            TypedExpression compiled = compiler.compile(resolved);
            String name = naturalName(single).orElseGet(this::nextGenerated);
            boolean isKey = keySet.contains(resolved);
            if (isKey) {
                keyAliases.add(name);
            }
            if (isKey && keys.isEmpty()) {
                add(keys, used, new ProjectedColumn(Column.key(name, type(compiled)), joinKey(compiled)));
            } else {
                add(values, used, new ProjectedColumn(Column.value(name, type(compiled)), compiled));
            }
        }
        if (keyAliases.size() > 1) {
            throw new ExpressionException("The projection contains a key column (`" + keys.get(0).column().name()
                    + "`) more than once, aliased as: " + String.join(" and ", keyAliases.stream().sorted()
                    .toList()) + ".");
        }
        if (requireKey && keys.isEmpty() && !keySet.isEmpty()) {
            if (keySet.contains(ColumnRef.of("ROWKEY")) && !fullJoinOnly()) {
                throw new ExpressionException("Key missing from projection (ie, SELECT). See https://cnfl.io/2LV7ouS."
                        + "\nThe query used to build `" + sinkName + "` must include the join expression ROWKEY in "
                        + "its projection (eg, SELECT ROWKEY...).");
            }
            List<String> texts = keySet.stream().filter(e -> e instanceof ColumnRef).map(this::qualifiedText)
                    .toList();
            if (texts.isEmpty()) {
                texts = keySet.stream().map(this::qualifiedText).toList();
            }
            throw new ExpressionException("The query used to build `" + sinkName + "` must include the join "
                    + (texts.size() == 1 ? "expression " : "expressions ") + joinWords(texts)
                    + " in its projection (eg, SELECT " + texts.get(0) + "...).");
        }
        if (values.isEmpty()) {
            throw new ExpressionException("The projection contains no value columns.");
        }
        return result(keys, values, joins, where, StatefulPlan.KeyMode.NONE, List.of(), false, List.of(),
                Optional.empty(), leftType());
    }

    private boolean fullJoinOnly() {
        Statement.Join last = query.joins().get(query.joins().size() - 1);
        return last.type() == Statement.JoinType.FULL;
    }

    /** The key of a join's result: the join value the record was joined on (set by the join), else the column. */
    private static TypedExpression joinKey(TypedExpression column) {
        return new TypedExpression(column.type(), row -> row.containsKey(StatefulPlan.JOIN_KEY)
                ? row.get(StatefulPlan.JOIN_KEY) : column.evaluator().evaluate(row));
    }

    private String qualifiedText(Expression resolved) {
        if (resolved instanceof ColumnRef ref) {
            for (StatefulPlan.Input in : inputs) {
                if (!in.prefix().isEmpty() && ref.name().startsWith(in.prefix())) {
                    return in.alias() + "." + ref.name().substring(in.prefix().length());
                }
            }
        }
        return ExpressionText.of(resolved);
    }

    private static String joinWords(List<String> texts) {
        if (texts.size() == 1) {
            return texts.get(0);
        }
        return String.join(", ", texts.subList(0, texts.size() - 1)) + " or " + texts.get(texts.size() - 1);
    }

    // ------------------------------------------------------------------------------------------ PARTITION BY

    private QueryPlan planPartitionBy(ExpressionCompiler compiler, List<StatefulPlan.JoinStep> joins,
            Optional<TypedExpression> where, List<Column> scope) {
        if (leftType() == SourceType.TABLE && !join) {
            throw new ExpressionException("ksqlDB does not support PARTITION BY on a TABLE.");
        }
        List<Expression> partition = new ArrayList<>();
        List<TypedExpression> compiledPartition = new ArrayList<>();
        boolean partitionByNull = query.partitionBy().size() == 1
                && query.partitionBy().get(0) instanceof Expression.NullLiteral;
        if (!partitionByNull) {
            for (Expression e : query.partitionBy()) {
                Expression resolved;
                try {
                    resolved = resolve(e);
                } catch (ExpressionException ex) {
                    throw new ExpressionException("PARTITION BY column '" + columnName(e) + "' cannot be resolved.");
                }
                if (containsAggregate(resolved)) {
                    throw new ExpressionException("PARTITION BY does not support aggregate functions.");
                }
                partition.add(resolved);
                compiledPartition.add(compiler.compile(resolved));
                checkKeyType(compiledPartition.get(compiledPartition.size() - 1).type(), ExpressionText.of(e));
            }
        }
        List<ProjectedColumn> keys = new ArrayList<>();
        for (int i = 0; i < partition.size(); i++) {
            keys.add(null);
        }
        List<ProjectedColumn> values = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.AllColumns all) {
                for (int i = 0; i < partition.size(); i++) {
                    if (keys.get(i) == null) {
                        String name = partition.get(i) instanceof ColumnRef ref ? ref.name()
                                : partition.get(i) instanceof Expression.Dereference d ? d.field() : nextGenerated();
                        keys.set(i, new ProjectedColumn(Column.key(name, type(compiledPartition.get(i))),
                                compiledPartition.get(i)));
                        used.add(name);
                    }
                }
                List<StatefulPlan.Input> of = all.source().isEmpty() ? inputs
                        : List.of(input(all.source().get()).orElseThrow());
                List<Column> ordered = new ArrayList<>();
                for (StatefulPlan.Input in : of) {
                    for (Column c : in.source().valueColumns()) {
                        ordered.add(Column.value(in.prefix() + c.name(), c.type()));
                    }
                    for (Column c : in.source().keyColumns()) {
                        ordered.add(Column.value(in.prefix() + c.name(), c.type()));
                    }
                }
                for (Column c : ordered) {
                    if (partition.contains(ColumnRef.of(c.name()))) {
                        continue;
                    }
                    add(values, used, new ProjectedColumn(c, compiler.compile(ColumnRef.of(c.name()))));
                }
                continue;
            }
            Statement.SingleColumn single = (Statement.SingleColumn) item;
            Expression resolved = resolve(single.expression());
            TypedExpression compiled = compiler.compile(resolved);
            String name = naturalName(single).orElseGet(this::nextGenerated);
            int index = partition.indexOf(resolved);
            if (index >= 0 && keys.get(index) == null) {
                keys.set(index, new ProjectedColumn(Column.key(name, type(compiled)), compiled));
                if (!used.add(name)) {
                    throw duplicate(name);
                }
            } else if (index >= 0) {
                throw new ExpressionException("The projection contains a key column (`"
                        + keys.get(index).column().name() + "`) more than once, aliased as: "
                        + String.join(" and ", java.util.stream.Stream.of(keys.get(index).column().name(), name)
                        .sorted().toList()) + ".");
            } else {
                add(values, used, new ProjectedColumn(Column.value(name, type(compiled)), compiled));
            }
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < partition.size(); i++) {
            if (keys.get(i) == null) {
                missing.add(partitionText(query.partitionBy().get(i)));
            }
        }
        if (!missing.isEmpty()) {
            if (requireKey) {
                throw new ExpressionException("The query used to build `" + sinkName + "` must include the "
                        + "partitioning " + (missing.size() == 1 ? "expression " : "expressions ")
                        + String.join(" and ", missing) + " in its projection (eg, SELECT "
                        + String.join(", ", missing) + "...).");
            }
            for (int i = 0; i < partition.size(); i++) {
                if (keys.get(i) == null) {
                    keys.set(i, new ProjectedColumn(Column.key(partition.get(i) instanceof ColumnRef r ? r.name()
                            : nextGenerated(), type(compiledPartition.get(i))), compiledPartition.get(i)));
                }
            }
        }
        if (values.isEmpty()) {
            throw new ExpressionException("The projection contains no value columns.");
        }
        return result(keys, values, joins, where, StatefulPlan.KeyMode.PARTITION_BY, compiledPartition, false,
                List.of(), Optional.empty(), SourceType.STREAM);
    }

    private String partitionText(Expression e) {
        String source = inputs.get(0).source().name();
        return ExpressionText.of(Expressions.rewrite(e, n -> n instanceof ColumnRef ref && ref.source().isEmpty()
                && !join ? Optional.of(new ColumnRef(Optional.of(source), ref.name())) : Optional.empty()));
    }

    private static String columnName(Expression e) {
        List<ColumnRef> refs = Expressions.columns(e);
        return refs.isEmpty() ? ExpressionText.of(e) : refs.get(0).name();
    }

    // ------------------------------------------------------------------------------------------ GROUP BY

    private QueryPlan planAggregate(ExpressionCompiler compiler, List<StatefulPlan.JoinStep> joins,
            Optional<TypedExpression> where, List<Column> scope, List<Expression> grouping, boolean implicit) {
        if (!query.partitionBy().isEmpty()) {
            throw new ExpressionException("PARTITION BY and GROUP BY in the same query is not supported.");
        }
        boolean table = leftType() == SourceType.TABLE;
        if (query.window().isPresent() && table) {
            throw new ExpressionException("Windowing not supported for table aggregations.");
        }
        if (!implicit && !join && inputs.get(0).source().formats().valueFormat().equals("KAFKA")) {
            throw new ExpressionException("Source(s) " + inputs.get(0).source().name() + " are using the 'KAFKA' "
                    + "value format. This format does not yet support GROUP BY.");
        }
        List<Expression> groupBy = new ArrayList<>();
        List<TypedExpression> compiledGroupBy = new ArrayList<>();
        for (Expression e : grouping) {
            Expression resolved = resolve(e);
            Expressions.forEach(resolved, n -> {
                if (n instanceof FunctionCall f && Aggregates.isAggregate(f.name())) {
                    throw new ExpressionException("GROUP BY does not support aggregate functions: " + f.name()
                            + " is an aggregate function.");
                }
            });
            if (groupBy.contains(resolved)) {
                throw new ExpressionException("Duplicate GROUP BY expression: " + partitionText(e));
            }
            groupBy.add(resolved);
            compiledGroupBy.add(compiler.compile(resolved));
            checkKeyType(compiledGroupBy.get(compiledGroupBy.size() - 1).type(), ExpressionText.of(e));
        }

        List<Expression> resolvedItems = new ArrayList<>();
        List<Statement.SingleColumn> selectItems = new ArrayList<>();
        for (Statement.SelectItem item : query.select()) {
            if (item instanceof Statement.AllColumns all) {
                for (StatefulPlan.Input in : inputs) {
                    if (all.source().isPresent() && !all.source().get().equals(in.alias())
                            && !all.source().get().equals(in.source().name())) {
                        continue;
                    }
                    for (Column c : in.source().columns()) {
                        selectItems.add(new Statement.SingleColumn(join
                                ? new ColumnRef(Optional.of(in.alias()), c.name()) : ColumnRef.of(c.name()),
                                join ? Optional.of(in.prefix() + c.name()) : Optional.empty()));
                    }
                }
            } else {
                selectItems.add((Statement.SingleColumn) item);
            }
        }
        for (Statement.SingleColumn item : selectItems) {
            resolvedItems.add(resolve(item.expression()));
        }
        Optional<Expression> having = query.having().map(this::resolve);
        List<Expression> aggregating = new ArrayList<>(resolvedItems);
        having.ifPresent(aggregating::add);
        List<FunctionCall> calls = aggregateCalls(aggregating);

        if (calls.isEmpty()) {
            throw new ExpressionException("GROUP BY requires aggregate functions in either the SELECT or HAVING "
                    + "clause.");
        }
        List<StatefulPlan.AggregateCall> aggregates = new ArrayList<>();
        List<String> notUndoable = new ArrayList<>();
        List<Column> post = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            post.add(Column.value("KSQL_GRP_" + i, type(compiledGroupBy.get(i))));
        }
        for (int i = 0; i < calls.size(); i++) {
            FunctionCall call = calls.get(i);
            List<TypedExpression> args = new ArrayList<>();
            List<SqlType> types = new ArrayList<>();
            List<Object> literals = new ArrayList<>();
            for (Expression arg : call.arguments()) {
                if (containsAggregate(arg)) {
                    throw new ExpressionException("Aggregate functions can not be nested: " + call.name() + "("
                            + ExpressionText.of(arg) + ")");
                }
                TypedExpression compiled = compiler.compile(arg);
                args.add(compiled);
                types.add(compiled.type());
                literals.add(arg instanceof Expression.Literal l ? l.value() : null);
            }
            Aggregates.Aggregate function = Aggregates.create(call.name(), types, literals, call.star());
            if (table && !function.undoable() && !notUndoable.contains(call.name())) {
                notUndoable.add(call.name());
            }
            aggregates.add(new StatefulPlan.AggregateCall(function, args));
            post.add(Column.value("KSQL_AGG_" + i, function.type()));
        }
        if (!notUndoable.isEmpty()) {
            throw new ExpressionException("The aggregation function" + (notUndoable.size() == 1 ? " " : "s ")
                    + andList(notUndoable) + " cannot be applied to a table source, only to a stream source.");
        }
        if (query.window().isPresent()) {
            post.add(Column.value("WINDOWSTART", SqlType.BIGINT));
            post.add(Column.value("WINDOWEND", SqlType.BIGINT));
        }
        ExpressionCompiler postCompiler = new ExpressionCompiler(post, List.of());
        Set<String> allowed = new HashSet<>();
        post.forEach(c -> allowed.add(c.name()));
        allowed.addAll(PSEUDO);

        Optional<TypedExpression> havingCompiled = having.map(h -> {
            Expression rewritten = toPostAggregate(h, groupBy, calls);
            List<String> bad = Expressions.columns(rewritten).stream().map(ColumnRef::name)
                    .filter(n -> !allowed.contains(n)).toList();
            if (!bad.isEmpty()) {
                throw new ExpressionException("Non-aggregate HAVING expression not part of GROUP BY: "
                        + String.join(", ", bad.stream().map(this::displayName).toList()));
            }
            return postCompiler.compile(rewritten);
        });

        List<ProjectedColumn> keys = new ArrayList<>();
        List<String> unselected = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            keys.add(null);
        }
        List<ProjectedColumn> values = new ArrayList<>();
        Set<String> used = new HashSet<>();
        List<String> nonAggregate = new ArrayList<>();
        for (int i = 0; i < resolvedItems.size(); i++) {
            Statement.SingleColumn single = selectItems.get(i);
            Expression resolved = resolvedItems.get(i);
            Expression rewritten = toPostAggregate(resolved, groupBy, calls);
            boolean bad = Expressions.columns(rewritten).stream().anyMatch(r -> !allowed.contains(r.name()));
            if (bad) {
                try {
                    compiler.compile(toPostAggregateNulls(resolved));
                } catch (ExpressionException e) {
                    if (e.getMessage().startsWith("Can't find any functions")) {
                        throw e;
                    }
                }
                nonAggregate.add(ExpressionText.of(single.expression()));
                continue;
            }
            TypedExpression compiled = postCompiler.compile(rewritten);
            String name = naturalName(single).orElseGet(this::nextGenerated);
            int index = groupBy.indexOf(resolved);
            if (index >= 0 && keys.get(index) == null) {
                keys.set(index, new ProjectedColumn(Column.key(name, type(compiled)), compiled));
                if (!used.add(name)) {
                    throw duplicate(name);
                }
            } else if (index >= 0) {
                throw new ExpressionException("The projection contains a key column more than once: `"
                        + keys.get(index).column().name() + "` and `" + name + "`.");
            } else {
                add(values, used, new ProjectedColumn(Column.value(name, type(compiled)), compiled));
            }
        }
        if (!nonAggregate.isEmpty()) {
            throw new ExpressionException("Non-aggregate SELECT expression(s) not part of GROUP BY: "
                    + String.join(", ", nonAggregate));
        }
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < groupBy.size(); i++) {
            if (keys.get(i) == null) {
                missing.add(ExpressionText.of(grouping.get(i)));
            }
        }
        if (!missing.isEmpty()) {
            if (requireKey) {
                throw new ExpressionException("The query used to build `" + sinkName + "` must include the grouping "
                        + (missing.size() == 1 ? "expression " : "expressions ") + andList(missing)
                        + " in its projection (eg, SELECT " + String.join(", ", missing) + "...).");
            }
            for (int i = 0; i < groupBy.size(); i++) {
                if (keys.get(i) == null) {
                    String name = groupBy.get(i) instanceof ColumnRef r ? r.name() : nextGenerated();
                    while (used.contains(name)) {
                        name = nextGenerated();
                    }
                    keys.set(i, new ProjectedColumn(Column.key(name, type(compiledGroupBy.get(i))),
                            postCompiler.compile(ColumnRef.of("KSQL_GRP_" + i))));
                    if (purpose == QueryPlanner.Purpose.PUSH) {
                        unselected.add(name);
                    }
                }
            }
        }
        // a push query's rows are keyed by its grouping whether or not it projects more
        if (values.isEmpty() && purpose != QueryPlanner.Purpose.PUSH) {
            throw new ExpressionException("The projection contains no value columns.");
        }
        boolean keyUnchanged = !join && !table && inputs.get(0).source().keyColumns().size() == groupBy.size()
                && allKeys(groupBy);
        if (inputs.stream().anyMatch(in -> in.source().windowed())) {
            throw new ExpressionException("Implicit repartitioning of windowed sources is not supported. See "
                    + "https://github.com/confluentinc/ksql/issues/4385.");
        }
        StatefulPlan plan = new StatefulPlan(inputs, joins, where, StatefulPlan.KeyMode.GROUP_BY, compiledGroupBy,
                keyUnchanged, aggregates, query.window(), havingCompiled, query.emit(), SourceType.TABLE);
        List<ProjectedColumn> projection = new ArrayList<>(keys);
        projection.addAll(values);
        return new QueryPlan(inputs.get(0).source(), where, projection, Optional.of(plan), unselected);
    }

    private boolean allKeys(List<Expression> groupBy) {
        List<Column> keys = inputs.get(0).source().keyColumns();
        for (int i = 0; i < keys.size(); i++) {
            if (!groupBy.get(i).equals(ColumnRef.of(keys.get(i).name()))) {
                return false;
            }
        }
        return true;
    }

    private static String andList(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }

    private String displayName(String name) {
        return name;
    }

    /**
     * The aggregate calls of the expressions in order of appearance, each distinct call once; the walk does not
     * descend into a call's arguments (a nested aggregate is refused where the call is planned).
     */
    private static List<FunctionCall> aggregateCalls(List<Expression> expressions) {
        List<FunctionCall> calls = new ArrayList<>();
        for (Expression e : expressions) {
            Expressions.walk(e, n -> {
                if (n instanceof FunctionCall f && Aggregates.isAggregate(f.name())) {
                    if (!calls.contains(f)) {
                        calls.add(f);
                    }
                    return false;
                }
                return true;
            });
        }
        return calls;
    }

    /** The expression with its aggregate calls replaced by NULL, to check the rest against the source. */
    private static Expression toPostAggregateNulls(Expression e) {
        return Expressions.rewrite(e, n -> n instanceof FunctionCall f && Aggregates.isAggregate(f.name())
                ? Optional.of(new Expression.NullLiteral()) : Optional.empty());
    }

    private static Expression toPostAggregate(Expression e, List<Expression> groupBy, List<FunctionCall> calls) {
        return Expressions.rewrite(e, n -> {
            int g = groupBy.indexOf(n);
            if (g >= 0 && !(n instanceof Expression.Literal)) {
                return Optional.of(ColumnRef.of("KSQL_GRP_" + g));
            }
            if (n instanceof FunctionCall f && Aggregates.isAggregate(f.name())) {
                return Optional.of(ColumnRef.of("KSQL_AGG_" + calls.indexOf(f)));
            }
            return Optional.empty();
        });
    }

    // ------------------------------------------------------------------------------------------ helpers

    private QueryPlan result(List<ProjectedColumn> keys, List<ProjectedColumn> values,
            List<StatefulPlan.JoinStep> joins, Optional<TypedExpression> where, StatefulPlan.KeyMode mode,
            List<TypedExpression> keyExpressions, boolean keyUnchanged, List<StatefulPlan.AggregateCall> aggregates,
            Optional<TypedExpression> having, SourceType type) {
        StatefulPlan plan = new StatefulPlan(inputs, joins, where, mode, keyExpressions, keyUnchanged, aggregates,
                query.window(), having, query.emit(), type);
        List<ProjectedColumn> projection = new ArrayList<>(keys);
        projection.addAll(values);
        return new QueryPlan(inputs.get(0).source(), where, projection, Optional.of(plan));
    }

    private static SqlType type(TypedExpression e) {
        return e.type() == null ? SqlType.STRING : e.type();
    }

    private static ExpressionException duplicate(String name) {
        return new ExpressionException("Duplicate column names: " + name
                + ". Use an alias (AS) to give each column a name of its own.");
    }

    private static void add(List<ProjectedColumn> into, Set<String> used, ProjectedColumn column) {
        if (!used.add(column.column().name())) {
            throw duplicate(column.column().name());
        }
        into.add(column);
    }

}
