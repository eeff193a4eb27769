package io.tributary.sql.expression;

import io.tributary.sql.ast.Expression;
import io.tributary.sql.ast.Expression.FunctionCall;
import io.tributary.sql.ast.Expression.Lambda;
import io.tributary.sql.ast.SqlType;
import io.tributary.sql.ast.SqlType.BaseType;
import io.tributary.sql.format.SqlValues;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The invocation functions that take lambdas: TRANSFORM, FILTER and REDUCE over an ARRAY or a MAP. A NULL collection
 * gives NULL (REDUCE: the initial state); a NULL initial state gives NULL. Lambda bodies see the row's columns as well
 * as their parameters, so they may use outer columns and enclosing lambdas' parameters.
 */
final class LambdaFunctions {

    static final Set<String> NAMES = Set.of("TRANSFORM", "FILTER", "REDUCE");

    private static final String TRANSFORM_USAGE = "TRANSFORM takes (array, x => expression) or"
            + " (map, (k, v) => keyExpression, (k, v) => valueExpression).";
    private static final String FILTER_USAGE = "FILTER takes (array, x => condition) or (map, (k, v) => condition).";
    private static final String REDUCE_USAGE = "REDUCE takes (array, initialState, (s, x) => expression) or"
            + " (map, initialState, (s, k, v) => expression).";

    private LambdaFunctions() {
    }

    static TypedExpression compile(ExpressionCompiler compiler, FunctionCall call) {
        return switch (call.name()) {
            case "TRANSFORM" -> transform(compiler, call);
            case "FILTER" -> filter(compiler, call);
            case "REDUCE" -> reduce(compiler, call);
            default -> throw new IllegalArgumentException(call.name());
        };
    }

    private static TypedExpression transform(ExpressionCompiler compiler, FunctionCall call) {
        List<Expression> args = call.arguments();
        TypedExpression collection = collection(compiler, call, TRANSFORM_USAGE);
        if (collection.type() instanceof SqlType.Array array) {
            requireShape(compiler, call, collection, TRANSFORM_USAGE, 1);
            CompiledLambda body = compiler.compileLambda((Lambda) args.get(1), List.of(array.element()));
            SqlType element = body.type() == null ? SqlType.STRING : body.type();
            return new TypedExpression(new SqlType.Array(element), row -> {
                if (!(collection.evaluator().evaluate(row) instanceof List<?> items)) {
                    return null;
                }
                List<Object> out = new ArrayList<>(items.size());
                for (Object item : items) {
                    out.add(body.apply(row, item));
                }
                return out;
            });
        }
        SqlType.Map map = (SqlType.Map) collection.type();
        requireShape(compiler, call, collection, TRANSFORM_USAGE, 2, 2);
        CompiledLambda key = compiler.compileLambda((Lambda) args.get(1), List.of(map.key(), map.value()));
        CompiledLambda value = compiler.compileLambda((Lambda) args.get(2), List.of(map.key(), map.value()));
        SqlType type = new SqlType.Map(key.type() == null ? SqlType.STRING : key.type(),
                value.type() == null ? SqlType.STRING : value.type());
        return new TypedExpression(type, row -> {
            if (!(collection.evaluator().evaluate(row) instanceof Map<?, ?> entries)) {
                return null;
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                out.put(key.apply(row, entry.getKey(), entry.getValue()),
                        value.apply(row, entry.getKey(), entry.getValue()));
            }
            return out;
        });
    }

    private static TypedExpression filter(ExpressionCompiler compiler, FunctionCall call) {
        TypedExpression collection = collection(compiler, call, FILTER_USAGE);
        boolean isArray = collection.type() instanceof SqlType.Array;
        requireShape(compiler, call, collection, FILTER_USAGE, isArray ? 1 : 2);
        Lambda lambda = (Lambda) call.arguments().get(1);
        List<SqlType> parameters = isArray ? List.of(((SqlType.Array) collection.type()).element())
                : List.of(((SqlType.Map) collection.type()).key(), ((SqlType.Map) collection.type()).value());
        CompiledLambda condition = compiler.compileLambda(lambda, parameters);
        if (condition.type() != null && condition.type().base() != BaseType.BOOLEAN) {
            throw new ExpressionException("The lambda function of FILTER must return BOOLEAN, but "
                    + ExpressionText.of(lambda) + " returns " + condition.type() + ".");
        }
        return new TypedExpression(collection.type(), row -> {
            Object value = collection.evaluator().evaluate(row);
            if (value instanceof List<?> items) {
                List<Object> out = new ArrayList<>();
                for (Object item : items) {
                    if (Boolean.TRUE.equals(condition.apply(row, item))) {
                        out.add(item);
                    }
                }
                return out;
            }
            if (value instanceof Map<?, ?> entries) {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    if (Boolean.TRUE.equals(condition.apply(row, entry.getKey(), entry.getValue()))) {
                        out.put(entry.getKey(), entry.getValue());
                    }
                }
                return out;
            }
            return null;
        });
    }

    private static TypedExpression reduce(ExpressionCompiler compiler, FunctionCall call) {
        List<Expression> args = call.arguments();
        TypedExpression collection = collection(compiler, call, REDUCE_USAGE);
        boolean isArray = collection.type() instanceof SqlType.Array;
        if (args.size() != 3 || args.get(1) instanceof Lambda || !(args.get(2) instanceof Lambda lambda)
                || lambda.parameters().size() != (isArray ? 2 : 3)) {
            throw mismatch(compiler, call, REDUCE_USAGE);
        }
        TypedExpression initial = compiler.compile(args.get(1));
        if (initial.type() == null) {
            throw new ExpressionException("The initial state of REDUCE cannot be an untyped NULL; CAST it to the"
                    + " state's type.");
        }
        List<SqlType> parameters = new ArrayList<>();
        parameters.add(initial.type());
        if (isArray) {
            parameters.add(((SqlType.Array) collection.type()).element());
        } else {
            parameters.add(((SqlType.Map) collection.type()).key());
            parameters.add(((SqlType.Map) collection.type()).value());
        }
        CompiledLambda body = compiler.compileLambda(lambda, parameters);
        SqlType state = stateType(initial.type(), body.type(), lambda);
        return new TypedExpression(state, row -> {
            Object accumulated = initial.evaluator().evaluate(row);
            if (accumulated == null) {
                return null;
            }
            accumulated = SqlValues.coerce(accumulated, state);
            Object value = collection.evaluator().evaluate(row);
            if (value instanceof List<?> items) {
                for (Object item : items) {
                    accumulated = coerce(body.apply(row, accumulated, item), state);
                }
            } else if (value instanceof Map<?, ?> entries) {
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    accumulated = coerce(body.apply(row, accumulated, entry.getKey(), entry.getValue()), state);
                }
            }
            return accumulated;
        });
    }

    /** The state keeps the initial state's type; the lambda must return that type (decimals may widen). */
    private static SqlType stateType(SqlType initial, SqlType returned, Lambda lambda) {
        if (returned == null || returned.equals(initial)) {
            return initial;
        }
        if (initial instanceof SqlType.Decimal a && returned instanceof SqlType.Decimal b) {
            int scale = Math.max(a.scale(), b.scale());
            int integral = Math.max(a.precision() - a.scale(), b.precision() - b.scale());
            return new SqlType.Decimal(Math.min(38, integral + scale), scale);
        }
        throw new ExpressionException("The lambda function of REDUCE must return the type of the initial state ("
                + initial + "), but " + ExpressionText.of(lambda) + " returns " + returned
                + ". CAST the initial state or the lambda's result so that they match.");
    }

    private static Object coerce(Object value, SqlType type) {
        return value == null ? null : SqlValues.coerce(value, type);
    }

    private static TypedExpression collection(ExpressionCompiler compiler, FunctionCall call, String usage) {
        if (call.arguments().isEmpty() || call.arguments().get(0) instanceof Lambda) {
            throw mismatch(compiler, call, usage);
        }
        TypedExpression collection = compiler.compile(call.arguments().get(0));
        if (!(collection.type() instanceof SqlType.Array) && !(collection.type() instanceof SqlType.Map)) {
            throw mismatch(compiler, call, usage);
        }
        return collection;
    }

    /** The collection followed by exactly one lambda per arity given, each with that many parameters. */
    private static void requireShape(ExpressionCompiler compiler, FunctionCall call, TypedExpression collection,
            String usage, int... arities) {
        List<Expression> args = call.arguments();
        if (args.size() != arities.length + 1) {
            throw mismatch(compiler, call, usage);
        }
        for (int i = 0; i < arities.length; i++) {
            if (!(args.get(i + 1) instanceof Lambda lambda) || lambda.parameters().size() != arities[i]) {
                throw mismatch(compiler, call, usage);
            }
        }
    }

    /** As ksqlDB words a call no signature fits, with the arguments' types (a lambda as its parameter count). */
    private static ExpressionException mismatch(ExpressionCompiler compiler, FunctionCall call, String usage) {
        String types = call.arguments().stream().map(arg -> {
            if (arg instanceof Lambda lambda) {
                return "LAMBDA " + ExpressionText.of(lambda);
            }
            try {
                return String.valueOf(compiler.compile(arg).type());
            } catch (ExpressionException e) {
                return ExpressionText.of(arg);
            }
        }).collect(Collectors.joining(", "));
        return new ExpressionException("Function '" + call.name() + "' does not accept parameters (" + types + "). "
                + usage);
    }

    static String variableKey(String name) {
        return "\u0000lambda:" + name;
    }

    /** A lambda's body compiled with its parameters in scope; applied to a row and the parameters' values. */
    static final class CompiledLambda {
        private final TypedExpression body;
        private final String[] keys;

        CompiledLambda(TypedExpression body, List<String> parameters) {
            this.body = body;
            this.keys = parameters.stream().map(LambdaFunctions::variableKey).toArray(String[]::new);
        }

        SqlType type() {
            return body.type();
        }

        Object apply(Map<String, Object> row, Object... values) {
            return body.evaluator().evaluate(new BoundRow(row, keys, values));
        }
    }

    /** The row with a lambda's parameters bound; inner bindings hide outer ones of the same name. */
    private static final class BoundRow extends AbstractMap<String, Object> {
        private final Map<String, Object> outer;
        private final String[] keys;
        private final Object[] values;

        BoundRow(Map<String, Object> outer, String[] keys, Object[] values) {
            this.outer = outer;
            this.keys = keys;
            this.values = values;
        }

        private int index(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public Object get(Object key) {
            int i = index(key);
            return i >= 0 ? values[i] : outer.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return index(key) >= 0 || outer.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new HashMap<>(outer);
            for (int i = 0; i < keys.length; i++) {
                all.put(keys[i], values[i]);
            }
            return all.entrySet();
        }
    }
}
