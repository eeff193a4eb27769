package io.tributary.sql.ast;

import io.tributary.sql.ast.Expression.*;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** Rewriting and walking expression trees. */
public final class Expressions {

    private Expressions() {
    }

    /**
     * Rewrites top-down: where {@code replace} answers a replacement, that replaces the node (its children are not
     * visited); elsewhere the node is rebuilt from its rewritten children.
     */
    public static Expression rewrite(Expression e, Function<Expression, Optional<Expression>> replace) {
        Optional<Expression> replaced = replace.apply(e);
        if (replaced.isPresent()) {
            return replaced.get();
        }
        Function<Expression, Expression> r = child -> rewrite(child, replace);
        if (e instanceof Literal || e instanceof ColumnRef || e instanceof LambdaVariable) {
            return e;
        }
        if (e instanceof Dereference d) {
            return new Dereference(r.apply(d.base()), d.field());
        }
        if (e instanceof Subscript s) {
            return new Subscript(r.apply(s.base()), r.apply(s.index()));
        }
        if (e instanceof Arithmetic a) {
            return new Arithmetic(a.op(), r.apply(a.left()), r.apply(a.right()));
        }
        if (e instanceof Negation n) {
            return new Negation(r.apply(n.operand()));
        }
        if (e instanceof Concat c) {
            return new Concat(r.apply(c.left()), r.apply(c.right()));
        }
        if (e instanceof Comparison c) {
            return new Comparison(c.op(), r.apply(c.left()), r.apply(c.right()));
        }
        if (e instanceof Logical l) {
            return new Logical(l.op(), r.apply(l.left()), r.apply(l.right()));
        }
        if (e instanceof Not n) {
            return new Not(r.apply(n.operand()));
        }
        if (e instanceof IsNull n) {
            return new IsNull(r.apply(n.operand()), n.negated());
        }
        if (e instanceof IsDistinctFrom d) {
            return new IsDistinctFrom(r.apply(d.left()), r.apply(d.right()), d.negated());
        }
        if (e instanceof Between b) {
            return new Between(r.apply(b.value()), r.apply(b.lower()), r.apply(b.upper()), b.negated());
        }
        if (e instanceof InList in) {
            return new InList(r.apply(in.value()), in.candidates().stream().map(r).toList(), in.negated());
        }
        if (e instanceof Like l) {
            return new Like(r.apply(l.value()), r.apply(l.pattern()), l.escape(), l.negated());
        }
        if (e instanceof SearchedCase c) {
            return new SearchedCase(c.whens().stream().map(w -> new When(r.apply(w.condition()), r.apply(w.result())))
                    .toList(), c.otherwise().map(r));
        }
        if (e instanceof SimpleCase c) {
            return new SimpleCase(r.apply(c.operand()), c.whens().stream()
                    .map(w -> new When(r.apply(w.condition()), r.apply(w.result()))).toList(), c.otherwise().map(r));
        }
        if (e instanceof Cast c) {
            return new Cast(r.apply(c.operand()), c.type());
        }
        if (e instanceof FunctionCall f) {
            return new FunctionCall(f.name(), f.arguments().stream().map(r).toList(), f.star());
        }
        if (e instanceof Lambda l) {
            return new Lambda(l.parameters(), r.apply(l.body()));
        }
        if (e instanceof ArrayConstructor a) {
            return new ArrayConstructor(a.elements().stream().map(r).toList());
        }
        if (e instanceof MapConstructor m) {
            return new MapConstructor(m.entries().stream().map(x -> new MapEntry(r.apply(x.key()), r.apply(x.value())))
                    .toList());
        }
        if (e instanceof StructConstructor s) {
            return new StructConstructor(s.fields().stream().map(f -> new StructField(f.name(), r.apply(f.value())))
                    .toList());
        }
        throw new IllegalArgumentException("Unknown expression " + e);
    }

    /** Visits every node top-down; {@code visitor} answering false stops the descent below that node. */
    public static void walk(Expression e, Function<Expression, Boolean> visitor) {
        rewrite(e, node -> visitor.apply(node) ? Optional.empty() : Optional.of(node));
    }

    /** Every column reference in the expression. */
    public static List<ColumnRef> columns(Expression e) {
        List<ColumnRef> refs = new ArrayList<>();
        walk(e, node -> {
            if (node instanceof ColumnRef ref) {
                refs.add(ref);
            }
            return true;
        });
        return refs;
    }

    public static void forEach(Expression e, Consumer<Expression> action) {
        walk(e, node -> {
            action.accept(node);
            return true;
        });
    }
}
