package io.tributary.sql.ast;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** An expression of the ksqlDB dialect, as the parser read it. */
public sealed interface Expression {

    sealed interface Literal extends Expression {
        Object value();
    }

    record NullLiteral() implements Literal {
        @Override
        public Object value() {
            return null;
        }
    }

    record BooleanLiteral(Boolean value) implements Literal {
    }

    record IntegerLiteral(Integer value) implements Literal {
    }

    record LongLiteral(Long value) implements Literal {
    }

    record DoubleLiteral(Double value) implements Literal {
    }

    record DecimalLiteral(BigDecimal value) implements Literal {
    }

    record StringLiteral(String value) implements Literal {
    }

    /** A column, optionally qualified by its source's name or alias. */
    record ColumnRef(Optional<String> source, String name) implements Expression {
        public static ColumnRef of(String name) {
            return new ColumnRef(Optional.empty(), name);
        }
    }

    /** {@code struct->field}. */
    record Dereference(Expression base, String field) implements Expression {
    }

    /** {@code array[i]} (1-based) or {@code map['k']}. */
    record Subscript(Expression base, Expression index) implements Expression {
    }

    enum ArithmeticOp { ADD, SUBTRACT, MULTIPLY, DIVIDE, MODULUS }

    record Arithmetic(ArithmeticOp op, Expression left, Expression right) implements Expression {
    }

    record Negation(Expression operand) implements Expression {
    }

    /** {@code a || b}. */
    record Concat(Expression left, Expression right) implements Expression {
    }

    enum ComparisonOp { EQUAL, NOT_EQUAL, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL }

    record Comparison(ComparisonOp op, Expression left, Expression right) implements Expression {
    }

    enum LogicalOp { AND, OR }

    record Logical(LogicalOp op, Expression left, Expression right) implements Expression {
    }

    record Not(Expression operand) implements Expression {
    }

    record IsNull(Expression operand, boolean negated) implements Expression {
    }

    record IsDistinctFrom(Expression left, Expression right, boolean negated) implements Expression {
    }

    record Between(Expression value, Expression lower, Expression upper, boolean negated) implements Expression {
    }

    record InList(Expression value, List<Expression> candidates, boolean negated) implements Expression {
        public InList {
            candidates = List.copyOf(candidates);
        }
    }

    record Like(Expression value, Expression pattern, Optional<Character> escape, boolean negated)
            implements Expression {
    }

    record When(Expression condition, Expression result) {
    }

    /** {@code CASE WHEN c THEN r ... [ELSE e] END}. */
    record SearchedCase(List<When> whens, Optional<Expression> otherwise) implements Expression {
        public SearchedCase {
            whens = List.copyOf(whens);
        }
    }

    /** {@code CASE x WHEN v THEN r ... [ELSE e] END}. */
    record SimpleCase(Expression operand, List<When> whens, Optional<Expression> otherwise) implements Expression {
        public SimpleCase {
            whens = List.copyOf(whens);
        }
    }

    record Cast(Expression operand, SqlType type) implements Expression {
    }

    /** A call of a built-in function; {@code star} for {@code COUNT(*)}. Names are upper-cased. */
    record FunctionCall(String name, List<Expression> arguments, boolean star) implements Expression {
        public FunctionCall {
            arguments = List.copyOf(arguments);
        }
    }

    /** {@code (x, y) => body}: an argument of TRANSFORM, FILTER or REDUCE only. */
    record Lambda(List<String> parameters, Expression body) implements Expression {
        public Lambda {
            parameters = List.copyOf(parameters);
        }
    }

    /** A lambda's parameter where its body uses it; it hides a column of the same name. */
    record LambdaVariable(String name) implements Expression {
    }

    record ArrayConstructor(List<Expression> elements) implements Expression {
        public ArrayConstructor {
            elements = List.copyOf(elements);
        }
    }

    record MapEntry(Expression key, Expression value) {
    }

    record MapConstructor(List<MapEntry> entries) implements Expression {
        public MapConstructor {
            entries = List.copyOf(entries);
        }
    }

    record StructField(String name, Expression value) {
    }

    record StructConstructor(List<StructField> fields) implements Expression {
        public StructConstructor {
            fields = List.copyOf(fields);
        }
    }
}
