package io.tributary.sql.expression;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Expression.*;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.SqlType.BaseType;
import io.tributary.sql.format.SqlValues;
import io.tributary.sql.metastore.Column;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks an expression against the columns in scope and compiles it to an {@link Evaluator}. NULL propagates as in
 * SQL: an operator with a NULL operand yields NULL; AND/OR follow three-valued logic.
 */
public final class ExpressionCompiler {

    /** The pseudo-columns every record has, which {@code SELECT *} leaves out. */
    public static final List<Column> PSEUDO_COLUMNS = List.of(Column.value("ROWTIME", SqlType.BIGINT),
            Column.value("ROWPARTITION", SqlType.INTEGER), Column.value("ROWOFFSET", SqlType.BIGINT));

    private final Map<String, SqlType> scope;
    private final List<String> sourceNames;
    /** The parameters of the lambdas whose body is being compiled, with their types. */
    private final Map<String, SqlType> lambdaVariables;

    /**
     * @param columns     the columns a bare or qualified name may refer to
     * @param sourceNames the names a column may be qualified with (the source's name and alias)
     */
    public ExpressionCompiler(List<Column> columns, List<String> sourceNames) {
        this.scope = new LinkedHashMap<>();
        this.lambdaVariables = Map.of();
        for (Column column : PSEUDO_COLUMNS) {
            scope.put(column.name(), column.type());
        }
        for (Column column : columns) {
            scope.put(column.name(), column.type());
        }
        this.sourceNames = List.copyOf(sourceNames);
    }

    private ExpressionCompiler(ExpressionCompiler enclosing, Map<String, SqlType> lambdaVariables) {
        this.scope = enclosing.scope;
        this.sourceNames = enclosing.sourceNames;
        this.lambdaVariables = lambdaVariables;
    }

    /** A lambda's body, compiled with its parameters (typed as given) added to the variables in scope. */
    LambdaFunctions.CompiledLambda compileLambda(Lambda lambda, List<SqlType> parameterTypes) {
        Map<String, SqlType> variables = new LinkedHashMap<>(lambdaVariables);
        for (int i = 0; i < parameterTypes.size(); i++) {
            variables.put(lambda.parameters().get(i), parameterTypes.get(i));
        }
        return new LambdaFunctions.CompiledLambda(new ExpressionCompiler(this, variables).compile(lambda.body()),
                lambda.parameters());
    }

    public TypedExpression compile(Expression expression) {
        if (expression instanceof Literal literal) {
            Object value = literal.value();
            return new TypedExpression(literalType(literal), row -> value);
        }
        if (expression instanceof ColumnRef ref) {
            return column(ref);
        }
        if (expression instanceof Dereference d) {
            return dereference(d);
        }
        if (expression instanceof Subscript s) {
            return subscript(s);
        }
        if (expression instanceof Arithmetic a) {
            return Arithmetics.compile(a.op(), compile(a.left()), compile(a.right()), expression);
        }
        if (expression instanceof Negation n) {
            TypedExpression operand = compile(n.operand());
            requireNumeric(operand, n.operand());
            return new TypedExpression(operand.type(), row -> Arithmetics.negate(operand.evaluator().evaluate(row)));
        }
        if (expression instanceof Concat c) {
            TypedExpression left = compile(c.left());
            TypedExpression right = compile(c.right());
            return new TypedExpression(SqlType.STRING, row -> {
                Object l = left.evaluator().evaluate(row);
                Object r = right.evaluator().evaluate(row);
                return l == null || r == null ? null : SqlValues.toText(l) + SqlValues.toText(r);
            });
        }
        if (expression instanceof Comparison c) {
            return comparison(c);
        }
        if (expression instanceof Logical l) {
            return logical(l);
        }
        if (expression instanceof Not n) {
            TypedExpression operand = requireBoolean(compile(n.operand()), n.operand());
            return new TypedExpression(SqlType.BOOLEAN, row -> {
                Object v = operand.evaluator().evaluate(row);
                return v == null ? null : !(Boolean) v;
            });
        }
        if (expression instanceof IsNull n) {
            TypedExpression operand = compile(n.operand());
            return new TypedExpression(SqlType.BOOLEAN,
                    row -> (operand.evaluator().evaluate(row) == null) != n.negated());
        }
        if (expression instanceof IsDistinctFrom d) {
            TypedExpression left = compile(d.left());
            TypedExpression right = compile(d.right());
            checkComparable(left, right, ComparisonOp.EQUAL, d.left(), d.right());
            return new TypedExpression(SqlType.BOOLEAN, row -> {
                Object l = left.evaluator().evaluate(row);
                Object r = right.evaluator().evaluate(row);
                boolean distinct = l == null || r == null ? (l == null) != (r == null) : Comparisons.compare(l, r) != 0;
                return distinct != d.negated();
            });
        }
        if (expression instanceof Between b) {
            return between(b);
        }
        if (expression instanceof InList in) {
            return inList(in);
        }
        if (expression instanceof Like like) {
            return like(like);
        }
        if (expression instanceof SearchedCase c) {
            return searchedCase(c);
        }
        if (expression instanceof SimpleCase c) {
            List<When> whens = c.whens().stream().map(w -> new When(
                    new Comparison(ComparisonOp.EQUAL, c.operand(), w.condition()), w.result())).toList();
            return searchedCase(new SearchedCase(whens, c.otherwise()));
        }
        if (expression instanceof Cast c) {
            TypedExpression operand = compile(c.operand());
            return new TypedExpression(c.type(), row -> Casts.cast(operand.evaluator().evaluate(row), c.type()));
        }
        if (expression instanceof LambdaVariable v) {
            SqlType type = lambdaVariables.get(v.name());
            if (type == null) {
                throw new ExpressionException("Lambda variable '" + v.name() + "' is not in scope.");
            }
            String key = LambdaFunctions.variableKey(v.name());
            return new TypedExpression(type, row -> row.get(key));
        }
        if (expression instanceof Lambda l) {
            throw new ExpressionException("Lambda functions can only be used as an argument of "
                    + String.join(", ", LambdaFunctions.NAMES.stream().sorted().toList()) + ": "
                    + ExpressionText.of(l));
        }
        if (expression instanceof FunctionCall f && LambdaFunctions.NAMES.contains(f.name()) && !f.star()) {
            return LambdaFunctions.compile(this, f);
        }
        if (expression instanceof FunctionCall f) {
            f.arguments().stream().filter(Lambda.class::isInstance).findFirst().ifPresent(l -> {
                throw new ExpressionException("Function '" + f.name() + "' does not accept a lambda function"
                        + " argument: " + ExpressionText.of(l) + ". Lambda functions can only be used with "
                        + String.join(", ", LambdaFunctions.NAMES.stream().sorted().toList()) + ".");
            });
            List<TypedExpression> arguments = f.arguments().stream().map(this::compile).toList();
            return Functions.compile(f.name(), arguments, f.star());
        }
        if (expression instanceof ArrayConstructor a) {
            return arrayConstructor(a);
        }
        if (expression instanceof MapConstructor m) {
            return mapConstructor(m);
        }
        if (expression instanceof StructConstructor s) {
            List<SqlType.Field> fields = new ArrayList<>();
            List<Evaluator> values = new ArrayList<>();
            for (StructField field : s.fields()) {
                TypedExpression value = compile(field.value());
                fields.add(new SqlType.Field(field.name(), value.type() == null ? SqlType.STRING : value.type()));
                values.add(value.evaluator());
            }
            return new TypedExpression(new SqlType.Struct(fields), row -> {
                Map<String, Object> struct = new LinkedHashMap<>();
                for (int i = 0; i < fields.size(); i++) {
                    struct.put(fields.get(i).name(), values.get(i).evaluate(row));
                }
                return struct;
            });
        }
        throw new ExpressionException("Unsupported expression: " + ExpressionText.of(expression));
    }

    private static SqlType literalType(Literal literal) {
        if (literal instanceof NullLiteral) {
            return null;
        }
        if (literal instanceof BooleanLiteral) {
            return SqlType.BOOLEAN;
        }
        if (literal instanceof IntegerLiteral) {
            return SqlType.INTEGER;
        }
        if (literal instanceof LongLiteral) {
            return SqlType.BIGINT;
        }
        if (literal instanceof DoubleLiteral) {
            return SqlType.DOUBLE;
        }
        if (literal instanceof DecimalLiteral d) {
            BigDecimal v = d.value();
            return new SqlType.Decimal(Math.max(v.precision(), v.scale()), Math.max(v.scale(), 0));
        }
        return SqlType.STRING;
    }

    private TypedExpression column(ColumnRef ref) {
        if (ref.source().isPresent() && !sourceNames.contains(ref.source().get())) {
            throw new ExpressionException("'" + ref.source().get() + "' is not a valid stream/table name or alias.");
        }
        SqlType type = scope.get(ref.name());
        if (type == null) {
            throw new ExpressionException("Column '" + ref.source().map(s -> s + ".").orElse("") + ref.name()
                    + "' cannot be resolved." + (lambdaVariables.isEmpty() ? ""
                            : " Lambda variables in scope: " + String.join(", ", lambdaVariables.keySet()) + "."));
        }
        String name = ref.name();
        return new TypedExpression(type, row -> row.get(name));
    }

    private TypedExpression dereference(Dereference d) {
        TypedExpression base = compile(d.base());
        if (!(base.type() instanceof SqlType.Struct struct)) {
            throw new ExpressionException("Expected STRUCT type for '" + ExpressionText.of(d.base()) + "', got "
                    + base.type());
        }
        SqlType.Field field = struct.field(d.field());
        if (field == null) {
            throw new ExpressionException("Could not find field '" + d.field() + "' in '" + ExpressionText.of(d.base())
                    + "'.");
        }
        String name = field.name();
        return new TypedExpression(field.type(), row -> {
            Object value = base.evaluator().evaluate(row);
            return value instanceof Map<?, ?> map ? map.get(name) : null;
        });
    }

    private TypedExpression subscript(Subscript s) {
        TypedExpression base = compile(s.base());
        TypedExpression index = compile(s.index());
        if (base.type() instanceof SqlType.Array array) {
            return new TypedExpression(array.element(), row -> {
                Object list = base.evaluator().evaluate(row);
                Object i = index.evaluator().evaluate(row);
                if (!(list instanceof List<?> items) || !(i instanceof Number n)) {
                    return null;
                }
                int position = n.intValue();
                int at = position > 0 ? position - 1 : items.size() + position;
                return at >= 0 && at < items.size() && position != 0 ? items.get(at) : null;
            });
        }
        if (base.type() instanceof SqlType.Map map) {
            return new TypedExpression(map.value(), row -> {
                Object m = base.evaluator().evaluate(row);
                Object key = index.evaluator().evaluate(row);
                return m instanceof Map<?, ?> entries && key != null ? entries.get(key) : null;
            });
        }
        throw new ExpressionException("Subscript expressions are only supported on ARRAY and MAP types, got "
                + base.type());
    }

    private TypedExpression comparison(Comparison c) {
        TypedExpression left = compile(c.left());
        TypedExpression right = compile(c.right());
        checkComparable(left, right, c.op(), c.left(), c.right());
        ComparisonOp op = c.op();
        return new TypedExpression(SqlType.BOOLEAN, row -> {
            Object l = left.evaluator().evaluate(row);
            Object r = right.evaluator().evaluate(row);
            if (l == null || r == null) {
                return null;
            }
            int cmp = Comparisons.compare(l, r);
            return switch (op) {
                case EQUAL -> cmp == 0;
                case NOT_EQUAL -> cmp != 0;
                case LESS_THAN -> cmp < 0;
                case LESS_THAN_OR_EQUAL -> cmp <= 0;
                case GREATER_THAN -> cmp > 0;
                case GREATER_THAN_OR_EQUAL -> cmp >= 0;
            };
        });
    }

    private static void checkComparable(TypedExpression left, TypedExpression right, ComparisonOp op,
            Expression leftExpr, Expression rightExpr) {
        if (left.type() == null || right.type() == null || Comparisons.comparable(left.type(), right.type(), op)) {
            return;
        }
        throw new ExpressionException("Cannot compare " + ExpressionText.of(leftExpr) + " (" + left.type() + ") to "
                + ExpressionText.of(rightExpr) + " (" + right.type() + ") with " + op + ".");
    }

    private TypedExpression logical(Logical l) {
        TypedExpression left = requireBoolean(compile(l.left()), l.left());
        TypedExpression right = requireBoolean(compile(l.right()), l.right());
        boolean and = l.op() == LogicalOp.AND;
        return new TypedExpression(SqlType.BOOLEAN, row -> {
            Boolean a = (Boolean) left.evaluator().evaluate(row);
            if (a != null && a != and) {
                return a;
            }
            Boolean b = (Boolean) right.evaluator().evaluate(row);
            if (b != null && b != and) {
                return b;
            }
            return a == null || b == null ? null : and;
        });
    }

    private TypedExpression between(Between b) {
        TypedExpression value = compile(b.value());
        TypedExpression lower = compile(b.lower());
        TypedExpression upper = compile(b.upper());
        checkComparable(value, lower, ComparisonOp.GREATER_THAN_OR_EQUAL, b.value(), b.lower());
        checkComparable(value, upper, ComparisonOp.LESS_THAN_OR_EQUAL, b.value(), b.upper());
        return new TypedExpression(SqlType.BOOLEAN, row -> {
            Object v = value.evaluator().evaluate(row);
            Object lo = lower.evaluator().evaluate(row);
            Object hi = upper.evaluator().evaluate(row);
            if (v == null || lo == null || hi == null) {
                return null;
            }
            boolean inside = Comparisons.compare(v, lo) >= 0 && Comparisons.compare(v, hi) <= 0;
            return inside != b.negated();
        });
    }

    private TypedExpression inList(InList in) {
        TypedExpression value = compile(in.value());
        List<TypedExpression> candidates = new ArrayList<>();
        for (Expression candidate : in.candidates()) {
            TypedExpression compiled = compile(candidate);
            checkComparable(value, compiled, ComparisonOp.EQUAL, in.value(), candidate);
            candidates.add(compiled);
        }
        return new TypedExpression(SqlType.BOOLEAN, row -> {
            Object v = value.evaluator().evaluate(row);
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (TypedExpression candidate : candidates) {
                Object c = candidate.evaluator().evaluate(row);
                if (c == null) {
                    sawNull = true;
                } else if (Comparisons.compare(v, c) == 0) {
                    return !in.negated();
                }
            }
            return sawNull ? null : in.negated();
        });
    }

    private TypedExpression like(Like like) {
        TypedExpression value = compile(like.value());
        TypedExpression pattern = compile(like.pattern());
        if (value.type() != null && value.type().base() != BaseType.STRING) {
            throw new ExpressionException("LIKE requires a STRING operand, got " + value.type());
        }
        Optional<Character> escape = like.escape();
        Pattern constant = like.pattern() instanceof StringLiteral s ? Comparisons.likePattern(s.value(), escape) : null;
        return new TypedExpression(SqlType.BOOLEAN, row -> {
            Object v = value.evaluator().evaluate(row);
            Object p = constant != null ? "" : pattern.evaluator().evaluate(row);
            if (v == null || p == null) {
                return null;
            }
            Pattern regex = constant != null ? constant : Comparisons.likePattern(p.toString(), escape);
            return regex.matcher(v.toString()).matches() != like.negated();
        });
    }

    private TypedExpression searchedCase(SearchedCase c) {
        List<TypedExpression> conditions = new ArrayList<>();
        List<TypedExpression> results = new ArrayList<>();
        SqlType type = null;
        for (When when : c.whens()) {
            conditions.add(requireBoolean(compile(when.condition()), when.condition()));
            TypedExpression result = compile(when.result());
            results.add(result);
            type = type == null ? result.type() : type;
        }
        TypedExpression otherwise = c.otherwise().map(this::compile).orElse(null);
        if (type == null && otherwise != null) {
            type = otherwise.type();
        }
        for (TypedExpression result : results) {
            if (type != null && result.type() != null && !Objects.equals(result.type(), type)
                    && !(type.isNumeric() && result.type().isNumeric())) {
                throw new ExpressionException("Invalid Case expression. Type for all 'THEN' clauses should be the"
                        + " same.");
            }
        }
        SqlType resultType = type;
        return new TypedExpression(resultType, row -> {
            for (int i = 0; i < conditions.size(); i++) {
                if (Boolean.TRUE.equals(conditions.get(i).evaluator().evaluate(row))) {
                    return coerceResult(results.get(i).evaluator().evaluate(row), resultType);
                }
            }
            return otherwise == null ? null : coerceResult(otherwise.evaluator().evaluate(row), resultType);
        });
    }

    private static Object coerceResult(Object value, SqlType type) {
        return type == null || value == null ? value : SqlValues.coerce(value, type);
    }

    private TypedExpression arrayConstructor(ArrayConstructor a) {
        List<TypedExpression> elements = a.elements().stream().map(this::compile).toList();
        SqlType element = elements.stream().map(TypedExpression::type).filter(Objects::nonNull)
                .reduce(Arithmetics::widest).orElse(SqlType.STRING);
        return new TypedExpression(new SqlType.Array(element), row -> {
            List<Object> out = new ArrayList<>();
            for (TypedExpression e : elements) {
                out.add(coerceResult(e.evaluator().evaluate(row), element));
            }
            return out;
        });
    }

    private TypedExpression mapConstructor(MapConstructor m) {
        List<TypedExpression> keys = new ArrayList<>();
        List<TypedExpression> values = new ArrayList<>();
        for (MapEntry entry : m.entries()) {
            keys.add(compile(entry.key()));
            values.add(compile(entry.value()));
        }
        // keys and values each take their entries' common type, as an ARRAY's elements do
        SqlType keyType = keys.stream().map(TypedExpression::type).filter(Objects::nonNull)
                .reduce(Arithmetics::widest).orElse(SqlType.STRING);
        SqlType valueType = values.stream().map(TypedExpression::type).filter(Objects::nonNull)
                .reduce(Arithmetics::widest).orElse(SqlType.STRING);
        return new TypedExpression(new SqlType.Map(keyType, valueType), row -> {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                out.put(coerceResult(keys.get(i).evaluator().evaluate(row), keyType),
                        coerceResult(values.get(i).evaluator().evaluate(row), valueType));
            }
            return out;
        });
    }

    private static TypedExpression requireBoolean(TypedExpression expression, Expression source) {
        if (expression.type() != null && expression.type().base() != BaseType.BOOLEAN) {
            throw new ExpressionException("Type mismatch: '" + ExpressionText.of(source) + "' is " + expression.type()
                    + ", expected BOOLEAN.");
        }
        return expression;
    }

    private static void requireNumeric(TypedExpression expression, Expression source) {
        if (expression.type() != null && !expression.type().isNumeric()) {
            throw new ExpressionException("Unsupported arithmetic on " + ExpressionText.of(source) + " ("
                    + expression.type() + ")");
        }
    }

    static BigDecimal divide(BigDecimal a, BigDecimal b, int scale) {
        return a.divide(b, new MathContext(38, RoundingMode.HALF_UP)).setScale(scale, RoundingMode.HALF_UP);
    }
}
