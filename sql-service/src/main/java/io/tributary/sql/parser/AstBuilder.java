package io.tributary.sql.parser;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Expression.Literal;
import io.tributary.sql.ast.SourceType;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.Statement;
import io.tributary.sql.ast.Statement.ColumnRole;
import io.tributary.sql.ast.Statement.Properties;
import io.tributary.sql.ast.Statement.SelectItem;
import io.tributary.sql.parser.KsqlDialectParser.*;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/** Turns the parse tree into the AST records. Unquoted identifiers are upper-cased here. */
final class AstBuilder extends KsqlDialectBaseVisitor<Object> {

    private static final int MAX_LAMBDA_PARAMETERS = 3;

    /** The parameters of the lambdas enclosing the expression being built. */
    private Set<String> lambdaVariables = Set.of();

    Statement statement(StatementContext ctx) {
        return (Statement) visit(ctx);
    }

    Expression expression(ExpressionContext ctx) {
        return (Expression) visit(ctx.booleanExpression());
    }

    private Expression expr(ParserRuleContext ctx) {
        return (Expression) visit(ctx);
    }

    private List<Expression> expressions(List<ExpressionContext> contexts) {
        return contexts.stream().map(this::expression).toList();
    }

    // ------------------------------------------------------------------------------------------ statements

    @Override
    public Object visitListStreams(ListStreamsContext c) {
        return new Statement.ListStreams(c.EXTENDED() != null);
    }

    @Override
    public Object visitListTables(ListTablesContext c) {
        return new Statement.ListTables(c.EXTENDED() != null);
    }

    @Override
    public Object visitListTopics(ListTopicsContext c) {
        return new Statement.ListTopics(c.ALL() != null, c.EXTENDED() != null);
    }

    @Override
    public Object visitListQueries(ListQueriesContext c) {
        return new Statement.ListQueries(c.EXTENDED() != null);
    }

    @Override
    public Object visitListProperties(ListPropertiesContext c) {
        return new Statement.ListProperties();
    }

    @Override
    public Object visitListFunctions(ListFunctionsContext c) {
        return new Statement.ListFunctions();
    }

    @Override
    public Object visitListVariables(ListVariablesContext c) {
        return new Statement.ListVariables();
    }

    @Override
    public Object visitDescribeFunction(DescribeFunctionContext c) {
        return new Statement.DescribeFunction(identifier(c.identifier()));
    }

    @Override
    public Object visitDescribeSources(DescribeSourcesContext c) {
        return new Statement.DescribeSources(c.STREAMS() != null ? SourceType.STREAM : SourceType.TABLE,
                c.EXTENDED() != null);
    }

    @Override
    public Object visitDescribeSource(DescribeSourceContext c) {
        return new Statement.DescribeSource(identifier(c.sourceName().identifier()), c.EXTENDED() != null);
    }

    @Override
    public Object visitExplain(ExplainContext c) {
        return c.statement() != null
                ? new Statement.Explain(Optional.empty(), Optional.of(statement(c.statement())))
                : new Statement.Explain(Optional.of(identifier(c.identifier())), Optional.empty());
    }

    @Override
    public Object visitCreateSource(CreateSourceContext c) {
        List<Statement.TableElement> elements = new ArrayList<>();
        if (c.tableElements() != null) {
            for (TableElementContext element : c.tableElements().tableElement()) {
                ColumnRole role = ColumnRole.VALUE;
                Optional<String> headerKey = Optional.empty();
                ColumnConstraintContext constraint = element.columnConstraint();
                if (constraint instanceof KeyConstraintContext) {
                    role = ColumnRole.KEY;
                } else if (constraint instanceof PrimaryKeyConstraintContext) {
                    role = ColumnRole.PRIMARY_KEY;
                } else if (constraint instanceof HeadersConstraintContext) {
                    role = ColumnRole.HEADERS;
                } else if (constraint instanceof HeaderConstraintContext header) {
                    role = ColumnRole.HEADER;
                    headerKey = Optional.of(unquote(header.STRING().getSymbol()));
                }
                elements.add(new Statement.TableElement(identifier(element.identifier()), type(element.type()),
                        role, headerKey));
            }
        }
        return new Statement.CreateSource(sourceType(c.kind), identifier(c.sourceName().identifier()),
                c.REPLACE() != null, c.EXISTS() != null, c.SOURCE() != null, elements,
                properties(c.withProperties()));
    }

    @Override
    public Object visitCreateAsSelect(CreateAsSelectContext c) {
        return new Statement.CreateAsSelect(sourceType(c.kind), identifier(c.sourceName().identifier()),
                c.REPLACE() != null, c.EXISTS() != null, properties(c.withProperties()), query(c.query()));
    }

    @Override
    public Object visitInsertInto(InsertIntoContext c) {
        return new Statement.InsertInto(identifier(c.sourceName().identifier()), properties(c.withProperties()),
                query(c.query()));
    }

    @Override
    public Object visitInsertValues(InsertValuesContext c) {
        return new Statement.InsertValues(identifier(c.sourceName().identifier()),
                c.columnList() == null ? List.of()
                        : c.columnList().identifier().stream().map(this::identifier).toList(),
                expressions(c.expression()));
    }

    @Override
    public Object visitDropSource(DropSourceContext c) {
        return new Statement.DropSource(sourceType(c.kind), identifier(c.sourceName().identifier()),
                c.EXISTS() != null, c.DELETE() != null);
    }

    @Override
    public Object visitTerminate(TerminateContext c) {
        return new Statement.Terminate(c.ALL() != null ? Optional.empty() : Optional.of(identifier(c.identifier())));
    }

    @Override
    public Object visitSetProperty(SetPropertyContext c) {
        return new Statement.SetProperty(unquote(c.name), unquote(c.value));
    }

    @Override
    public Object visitUnsetProperty(UnsetPropertyContext c) {
        return new Statement.UnsetProperty(unquote(c.name));
    }

    @Override
    public Object visitDefineVariable(DefineVariableContext c) {
        return new Statement.DefineVariable(identifier(c.identifier()), unquote(c.STRING().getSymbol()));
    }

    @Override
    public Object visitUndefineVariable(UndefineVariableContext c) {
        return new Statement.UndefineVariable(identifier(c.identifier()));
    }

    @Override
    public Object visitSelect(SelectContext c) {
        return query(c.query());
    }

    private static SourceType sourceType(Token kind) {
        return kind.getType() == KsqlDialectLexer.STREAM ? SourceType.STREAM : SourceType.TABLE;
    }

    private Properties properties(WithPropertiesContext ctx) {
        if (ctx == null) {
            return Properties.NONE;
        }
        Map<String, Literal> values = new LinkedHashMap<>();
        for (PropertyContext property : ctx.property()) {
            values.put(identifier(property.identifier()).toUpperCase(Locale.ROOT),
                    (Literal) visit(property.literal()));
        }
        return new Properties(values);
    }

    Statement.Query query(QueryContext ctx) {
        List<SelectItem> items = new ArrayList<>();
        for (SelectItemContext item : ctx.selectItem()) {
            if (item instanceof SelectAllContext) {
                items.add(new Statement.AllColumns(Optional.empty()));
            } else if (item instanceof SelectAllOfContext all) {
                items.add(new Statement.AllColumns(Optional.of(identifier(all.identifier()))));
            } else {
                SelectExpressionContext e = (SelectExpressionContext) item;
                items.add(new Statement.SingleColumn(expression(e.expression()),
                        Optional.ofNullable(e.identifier()).map(this::identifier)));
            }
        }
        return new Statement.Query(items,
                ctx.relation() == null ? Statement.Relation.NONE : relation(ctx.relation()),
                Optional.ofNullable(ctx.where).map(this::expression),
                ctx.groupBy.stream().map(this::expression).toList(),
                ctx.partitionBy.stream().map(this::expression).toList(),
                Optional.ofNullable(ctx.having).map(this::expression),
                Optional.ofNullable(ctx.emit).map(t -> t.getType() == KsqlDialectLexer.CHANGES
                        ? Statement.EmitType.CHANGES : Statement.EmitType.FINAL),
                Optional.ofNullable(ctx.limit).map(t -> Integer.parseInt(t.getText())),
                ctx.joinClause().stream().map(this::join).toList(),
                Optional.ofNullable(ctx.windowExpression()).map(this::window));
    }

    private Statement.Relation relation(RelationContext relation) {
        return new Statement.Relation(identifier(relation.sourceName().identifier()),
                Optional.ofNullable(relation.alias).map(this::identifier));
    }

    private Statement.Join join(JoinClauseContext c) {
        Statement.JoinType type = Statement.JoinType.INNER;
        if (c.joinType() != null) {
            if (c.joinType().LEFT() != null) {
                type = Statement.JoinType.LEFT;
            } else if (c.joinType().RIGHT() != null) {
                type = Statement.JoinType.RIGHT;
            } else if (c.joinType().FULL() != null) {
                type = Statement.JoinType.FULL;
            }
        }
        Optional<Statement.Within> within = Optional.ofNullable(c.withinClause()).map(w -> {
            java.time.Duration before = duration(w.before);
            return new Statement.Within(before, w.after == null ? before : duration(w.after),
                    Optional.ofNullable(w.grace).map(this::duration));
        });
        return new Statement.Join(type, relation(c.relation()), within, expression(c.expression()));
    }

    private Statement.WindowExpression window(WindowExpressionContext c) {
        Statement.WindowType type = switch (c.kind.getType()) {
            case KsqlDialectLexer.TUMBLING -> Statement.WindowType.TUMBLING;
            case KsqlDialectLexer.HOPPING -> Statement.WindowType.HOPPING;
            default -> Statement.WindowType.SESSION;
        };
        java.time.Duration size = c.duration() == null ? null : duration(c.duration());
        java.time.Duration advance = null;
        java.time.Duration retention = null;
        java.time.Duration grace = null;
        for (WindowParameterContext p : c.windowParameter()) {
            if (p instanceof WindowSizeContext s) {
                size = duration(s.duration());
            } else if (p instanceof WindowAdvanceContext a) {
                advance = duration(a.duration());
            } else if (p instanceof WindowRetentionContext r) {
                retention = duration(r.duration());
            } else if (p instanceof WindowGraceContext g) {
                grace = duration(g.duration());
            }
        }
        if (size == null) {
            throw new ParseCancellationException("Window size is missing: " + type + " windows need a SIZE.");
        }
        return new Statement.WindowExpression(type, size, Optional.ofNullable(advance), Optional.ofNullable(retention),
                Optional.ofNullable(grace));
    }

    private java.time.Duration duration(DurationContext c) {
        long amount = Long.parseLong(c.INTEGER_VALUE().getText());
        String unit = identifier(c.identifier()).toUpperCase(Locale.ROOT);
        if (unit.endsWith("S") && !unit.equals("MS")) {
            unit = unit.substring(0, unit.length() - 1);
        }
        return switch (unit) {
            case "MILLISECOND", "MS" -> java.time.Duration.ofMillis(amount);
            case "SECOND" -> java.time.Duration.ofSeconds(amount);
            case "MINUTE" -> java.time.Duration.ofMinutes(amount);
            case "HOUR" -> java.time.Duration.ofHours(amount);
            case "DAY" -> java.time.Duration.ofDays(amount);
            default -> throw new ParseCancellationException("Invalid time unit: " + unit);
        };
    }

    // ------------------------------------------------------------------------------------------ expressions

    @Override
    public Object visitExpression(ExpressionContext c) {
        return visit(c.booleanExpression());
    }

    @Override
    public Object visitPredicated(PredicatedContext c) {
        Expression left = expr(c.valueExpression());
        PredicateContext p = c.predicate();
        if (p == null) {
            return left;
        }
        if (p instanceof ComparisonContext cmp) {
            return new Expression.Comparison(comparison(cmp.comparisonOperator()), left, expr(cmp.right));
        }
        if (p instanceof BetweenContext b) {
            return new Expression.Between(left, expr(b.lower), expr(b.upper), b.NOT() != null);
        }
        if (p instanceof InListContext in) {
            return new Expression.InList(left, expressions(in.expression()), in.NOT() != null);
        }
        if (p instanceof LikeContext like) {
            return new Expression.Like(left, expr(like.pattern),
                    Optional.ofNullable(like.escape).map(t -> escapeChar(like, unquote(t))), like.NOT() != null);
        }
        if (p instanceof NullPredicateContext n) {
            return new Expression.IsNull(left, n.NOT() != null);
        }
        DistinctFromContext d = (DistinctFromContext) p;
        return new Expression.IsDistinctFrom(left, expr(d.right), d.NOT() != null);
    }

    @Override
    public Object visitLogicalNot(LogicalNotContext c) {
        return new Expression.Not(expr(c.booleanExpression()));
    }

    @Override
    public Object visitLogicalAnd(LogicalAndContext c) {
        return new Expression.Logical(Expression.LogicalOp.AND, expr(c.left), expr(c.right));
    }

    @Override
    public Object visitLogicalOr(LogicalOrContext c) {
        return new Expression.Logical(Expression.LogicalOp.OR, expr(c.left), expr(c.right));
    }

    private static Character escapeChar(ParserRuleContext ctx, String escape) {
        if (escape.length() != 1) {
            throw new ParseCancellationException(position(ctx) + "ESCAPE must be a single character, got '"
                    + escape + "'");
        }
        return escape.charAt(0);
    }

    private static Expression.ComparisonOp comparison(ComparisonOperatorContext ctx) {
        switch (ctx.getStart().getType()) {
            case KsqlDialectLexer.EQ: return Expression.ComparisonOp.EQUAL;
            case KsqlDialectLexer.NEQ: return Expression.ComparisonOp.NOT_EQUAL;
            case KsqlDialectLexer.LT: return Expression.ComparisonOp.LESS_THAN;
            case KsqlDialectLexer.LTE: return Expression.ComparisonOp.LESS_THAN_OR_EQUAL;
            case KsqlDialectLexer.GT: return Expression.ComparisonOp.GREATER_THAN;
            default: return Expression.ComparisonOp.GREATER_THAN_OR_EQUAL;
        }
    }

    @Override
    public Object visitValueDefault(ValueDefaultContext c) {
        return visit(c.primaryExpression());
    }

    @Override
    public Object visitArithmeticUnary(ArithmeticUnaryContext c) {
        Expression operand = expr(c.valueExpression());
        return c.op.getType() == KsqlDialectLexer.MINUS ? negate(operand) : operand;
    }

    @Override
    public Object visitArithmeticBinary(ArithmeticBinaryContext c) {
        Expression.ArithmeticOp op = switch (c.op.getType()) {
            case KsqlDialectLexer.PLUS -> Expression.ArithmeticOp.ADD;
            case KsqlDialectLexer.MINUS -> Expression.ArithmeticOp.SUBTRACT;
            case KsqlDialectLexer.ASTERISK -> Expression.ArithmeticOp.MULTIPLY;
            case KsqlDialectLexer.SLASH -> Expression.ArithmeticOp.DIVIDE;
            default -> Expression.ArithmeticOp.MODULUS;
        };
        return new Expression.Arithmetic(op, expr(c.left), expr(c.right));
    }

    @Override
    public Object visitConcatenation(ConcatenationContext c) {
        return new Expression.Concat(expr(c.left), expr(c.right));
    }

    private static Expression negate(Expression operand) {
        if (operand instanceof Expression.IntegerLiteral i) {
            return new Expression.IntegerLiteral(-i.value());
        }
        if (operand instanceof Expression.LongLiteral l) {
            return new Expression.LongLiteral(-l.value());
        }
        if (operand instanceof Expression.DoubleLiteral d) {
            return new Expression.DoubleLiteral(-d.value());
        }
        if (operand instanceof Expression.DecimalLiteral d) {
            return new Expression.DecimalLiteral(d.value().negate());
        }
        return new Expression.Negation(operand);
    }

    @Override
    public Object visitLiteralExpression(LiteralExpressionContext c) {
        return visit(c.literal());
    }

    @Override
    public Object visitSimpleCase(SimpleCaseContext c) {
        return new Expression.SimpleCase(expr(c.operand), whens(c.whenClause()),
                Optional.ofNullable(c.otherwise).map(this::expression));
    }

    @Override
    public Object visitSearchedCase(SearchedCaseContext c) {
        return new Expression.SearchedCase(whens(c.whenClause()),
                Optional.ofNullable(c.otherwise).map(this::expression));
    }

    @Override
    public Object visitCast(CastContext c) {
        return new Expression.Cast(expression(c.expression()), type(c.type()));
    }

    @Override
    public Object visitArrayConstructor(ArrayConstructorContext c) {
        return new Expression.ArrayConstructor(expressions(c.expression()));
    }

    @Override
    public Object visitMapConstructor(MapConstructorContext c) {
        return new Expression.MapConstructor(c.mapEntry().stream()
                .map(e -> new Expression.MapEntry(expression(e.key), expression(e.value))).toList());
    }

    @Override
    public Object visitStructConstructor(StructConstructorContext c) {
        return new Expression.StructConstructor(c.structField().stream()
                .map(f -> new Expression.StructField(identifier(f.identifier()), expression(f.expression())))
                .toList());
    }

    @Override
    public Object visitFunctionCallStar(FunctionCallStarContext c) {
        return new Expression.FunctionCall(identifier(c.identifier()).toUpperCase(Locale.ROOT), List.of(), true);
    }

    @Override
    public Object visitFunctionCall(FunctionCallContext c) {
        return new Expression.FunctionCall(identifier(c.identifier()).toUpperCase(Locale.ROOT),
                c.functionArgument().stream().map(a -> a.lambda() != null ? expr(a.lambda())
                        : expression(a.expression())).toList(), false);
    }

    @Override
    public Object visitSingleParameterLambda(SingleParameterLambdaContext c) {
        return lambda(List.of(c.identifier()), c.body);
    }

    @Override
    public Object visitLambdaFunction(LambdaFunctionContext c) {
        return lambda(c.identifier(), c.body);
    }

    /** The body sees the parameters (and those of enclosing lambdas) as lambda variables, not columns. */
    private Expression lambda(List<IdentifierContext> parameterContexts, ExpressionContext body) {
        List<String> parameters = parameterContexts.stream().map(this::identifier).toList();
        if (parameters.size() > MAX_LAMBDA_PARAMETERS) {
            throw new ParseCancellationException("Lambda functions take at most " + MAX_LAMBDA_PARAMETERS
                    + " arguments, got " + parameters.size() + ": (" + String.join(", ", parameters) + ")");
        }
        if (new HashSet<>(parameters).size() != parameters.size()) {
            throw new ParseCancellationException("Duplicate lambda arguments are not allowed: ("
                    + String.join(", ", parameters) + ")");
        }
        Set<String> enclosing = lambdaVariables;
        lambdaVariables = new HashSet<>(enclosing);
        lambdaVariables.addAll(parameters);
        try {
            return new Expression.Lambda(parameters, expression(body));
        } finally {
            lambdaVariables = enclosing;
        }
    }

    @Override
    public Object visitQualifiedColumn(QualifiedColumnContext c) {
        return new Expression.ColumnRef(Optional.of(identifier(c.source)), identifier(c.column));
    }

    @Override
    public Object visitColumnReference(ColumnReferenceContext c) {
        String name = identifier(c.identifier());
        return lambdaVariables.contains(name) ? new Expression.LambdaVariable(name) : Expression.ColumnRef.of(name);
    }

    @Override
    public Object visitSubscript(SubscriptContext c) {
        return new Expression.Subscript(expr(c.base), expr(c.index));
    }

    @Override
    public Object visitDereference(DereferenceContext c) {
        return new Expression.Dereference(expr(c.base), identifier(c.field));
    }

    @Override
    public Object visitParenthesized(ParenthesizedContext c) {
        return expression(c.expression());
    }

    private List<Expression.When> whens(List<WhenClauseContext> clauses) {
        return clauses.stream().map(w -> new Expression.When(expression(w.condition), expression(w.result))).toList();
    }

    // ------------------------------------------------------------------------------------------ literals, types

    @Override
    public Object visitNullLiteral(NullLiteralContext c) {
        return new Expression.NullLiteral();
    }

    @Override
    public Object visitBooleanLiteral(BooleanLiteralContext c) {
        return new Expression.BooleanLiteral(c.TRUE() != null);
    }

    @Override
    public Object visitIntegerLiteral(IntegerLiteralContext c) {
        BigDecimal value = new BigDecimal(c.INTEGER_VALUE().getText());
        if (c.MINUS() != null) {
            value = value.negate();
        }
        if (value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0) {
            return new Expression.IntegerLiteral(value.intValueExact());
        }
        if (value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                && value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            return new Expression.LongLiteral(value.longValueExact());
        }
        throw new ParseCancellationException(position(c) + "Invalid numeric literal: " + c.getText());
    }

    @Override
    public Object visitDecimalLiteral(DecimalLiteralContext c) {
        BigDecimal value = new BigDecimal(c.DECIMAL_VALUE().getText());
        return new Expression.DecimalLiteral(c.MINUS() != null ? value.negate() : value);
    }

    @Override
    public Object visitFloatingLiteral(FloatingLiteralContext c) {
        double value = Double.parseDouble(c.FLOATING_POINT_VALUE().getText());
        return new Expression.DoubleLiteral(c.MINUS() != null ? -value : value);
    }

    @Override
    public Object visitStringLiteral(StringLiteralContext c) {
        return new Expression.StringLiteral(unquote(c.STRING().getSymbol()));
    }

    SqlType type(TypeContext ctx) {
        if (ctx instanceof ArrayTypeContext c) {
            return new SqlType.Array(type(c.type()));
        }
        if (ctx instanceof MapTypeContext c) {
            return new SqlType.Map(type(c.keyType), type(c.valueType));
        }
        if (ctx instanceof StructTypeContext c) {
            return new SqlType.Struct(c.structTypeField().stream()
                    .map(f -> new SqlType.Field(identifier(f.identifier()), type(f.type()))).toList());
        }
        if (ctx instanceof DecimalTypeContext c) {
            int precision = Integer.parseInt(c.precision.getText());
            int scale = Integer.parseInt(c.scale.getText());
            if (precision < 1 || scale > precision) {
                throw new ParseCancellationException(position(c) + "DECIMAL precision must be >= 1 and scale"
                        + " <= precision, got DECIMAL(" + precision + ", " + scale + ")");
            }
            return new SqlType.Decimal(precision, scale);
        }
        NamedTypeContext c = (NamedTypeContext) ctx;
        SqlType named = SqlType.named(identifier(c.identifier()));
        if (named == null) {
            throw new ParseCancellationException(position(c) + "Unknown type: " + c.getText());
        }
        return named;
    }

    // ------------------------------------------------------------------------------------------ identifiers

    String identifier(IdentifierContext ctx) {
        if (ctx instanceof BackQuotedIdentifierContext) {
            return unquote(ctx.getText(), '`');
        }
        if (ctx instanceof QuotedIdentifierContext) {
            return unquote(ctx.getText(), '"');
        }
        return ctx.getText().toUpperCase(Locale.ROOT);
    }

    private static String unquote(Token token) {
        return unquote(token.getText(), '\'');
    }

    private static String unquote(String text, char quote) {
        String inner = text.substring(1, text.length() - 1);
        String doubled = String.valueOf(quote) + quote;
        return inner.replace(doubled, String.valueOf(quote));
    }

    private static String position(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        return "line " + start.getLine() + ":" + (start.getCharPositionInLine() + 1) + ": ";
    }
}
