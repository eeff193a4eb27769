package io.tributary.sql.ast;

import io.tributary.sql.ast.Expression.Literal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A statement of the ksqlDB dialect, as the parser read it. Names are already upper-cased unless quoted. */
public sealed interface Statement {

    /** {@code WITH (...)} properties, keyed by upper-cased name, in the order written. */
    record Properties(Map<String, Literal> values) {
        public static final Properties NONE = new Properties(Map.of());

        public Properties {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }

        public Optional<Object> get(String name) {
            Literal literal = values.get(name);
            return literal == null ? Optional.empty() : Optional.ofNullable(literal.value());
        }

        public Optional<String> string(String name) {
            return get(name).map(Object::toString);
        }
    }

    record ListStreams(boolean extended) implements Statement {
    }

    record ListTables(boolean extended) implements Statement {
    }

    record ListTopics(boolean all, boolean extended) implements Statement {
    }

    record ListQueries(boolean extended) implements Statement {
    }

    record ListProperties() implements Statement {
    }

    record ListFunctions() implements Statement {
    }

    record ListVariables() implements Statement {
    }

    record DescribeSource(String name, boolean extended) implements Statement {
    }

    record DescribeSources(SourceType type, boolean extended) implements Statement {
    }

    record DescribeFunction(String name) implements Statement {
    }

    /** {@code EXPLAIN <query id>} or {@code EXPLAIN <statement>}: exactly one of the two is present. */
    record Explain(Optional<String> queryId, Optional<Statement> statement) implements Statement {
    }

    enum ColumnRole { VALUE, KEY, PRIMARY_KEY, HEADERS, HEADER }

    record TableElement(String name, SqlType type, ColumnRole role, Optional<String> headerKey) {
    }

    /** {@code CREATE [OR REPLACE] [SOURCE] STREAM|TABLE [IF NOT EXISTS] name (elements) WITH (...)}. */
    record CreateSource(SourceType type, String name, boolean orReplace, boolean ifNotExists, boolean sourceOnly,
            List<TableElement> elements, Properties properties) implements Statement {
        public CreateSource {
            elements = List.copyOf(elements);
        }
    }

    /** {@code CREATE [OR REPLACE] STREAM|TABLE [IF NOT EXISTS] name [WITH (...)] AS SELECT ...}. */
    record CreateAsSelect(SourceType type, String name, boolean orReplace, boolean ifNotExists,
            Properties properties, Query query) implements Statement {
    }

    /** {@code INSERT INTO name [WITH (...)] SELECT ...}. */
    record InsertInto(String target, Properties properties, Query query) implements Statement {
    }

    /** {@code INSERT INTO name [(columns)] VALUES (values)}; no columns means every column in order. */
    record InsertValues(String target, List<String> columns, List<Expression> values) implements Statement {
        public InsertValues {
            columns = List.copyOf(columns);
            values = List.copyOf(values);
        }
    }

    record DropSource(SourceType type, String name, boolean ifExists, boolean deleteTopic) implements Statement {
    }

    /** {@code TERMINATE id}; an empty id is {@code TERMINATE ALL}. */
    record Terminate(Optional<String> queryId) implements Statement {
    }

    record SetProperty(String name, String value) implements Statement {
    }

    record UnsetProperty(String name) implements Statement {
    }

    record DefineVariable(String name, String value) implements Statement {
    }

    record UndefineVariable(String name) implements Statement {
    }

    sealed interface SelectItem {
    }

    /** {@code *}, or {@code source.*} when a source is given. */
    record AllColumns(Optional<String> source) implements SelectItem {
    }

    record SingleColumn(Expression expression, Optional<String> alias) implements SelectItem {
    }

    record Relation(String source, Optional<String> alias) {
        /** A SELECT without FROM (SQL++ on /query/service): one row without columns. */
        public static final Relation NONE = new Relation("", Optional.empty());

        public boolean isNone() {
            return source.isEmpty();
        }

        public String aliasOrName() {
            return alias.orElse(source);
        }
    }

    enum EmitType { CHANGES, FINAL }

    enum JoinType { INNER, LEFT, RIGHT, FULL }

    /** {@code WITHIN before [, after] [GRACE PERIOD grace]} of a stream-stream join. */
    record Within(java.time.Duration before, java.time.Duration after, Optional<java.time.Duration> grace) {
    }

    /** {@code [INNER|LEFT|RIGHT|FULL] JOIN relation [WITHIN ...] ON criteria}. */
    record Join(JoinType type, Relation relation, Optional<Within> within, Expression on) {
    }

    enum WindowType { TUMBLING, HOPPING, SESSION }

    /** {@code WINDOW TUMBLING|HOPPING|SESSION (...)}; for a session window {@code size} is the inactivity gap. */
    record WindowExpression(WindowType type, java.time.Duration size, Optional<java.time.Duration> advance,
            Optional<java.time.Duration> retention, Optional<java.time.Duration> grace) {
    }

    /** A {@code SELECT}: on its own a push or pull query, inside CSAS/CTAS/INSERT INTO a persistent one. */
    record Query(List<SelectItem> select, Relation from, Optional<Expression> where, List<Expression> groupBy,
            List<Expression> partitionBy, Optional<Expression> having, Optional<EmitType> emit,
            Optional<Integer> limit, List<Join> joins, Optional<WindowExpression> window) implements Statement {
        public Query {
            select = List.copyOf(select);
            groupBy = List.copyOf(groupBy);
            partitionBy = List.copyOf(partitionBy);
            joins = List.copyOf(joins);
        }

        public Query(List<SelectItem> select, Relation from, Optional<Expression> where, List<Expression> groupBy,
                List<Expression> partitionBy, Optional<Expression> having, Optional<EmitType> emit,
                Optional<Integer> limit) {
            this(select, from, where, groupBy, partitionBy, having, emit, limit, List.of(), Optional.empty());
        }
    }
}
