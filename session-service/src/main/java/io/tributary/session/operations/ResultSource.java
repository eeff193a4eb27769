package io.tributary.session.operations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What an operation runs on the engine connection: a statement, or a {@code DatabaseMetaData} call. */
@FunctionalInterface
interface ResultSource {

    /** Runs on the connection; the running statement is handed to {@code running} first so it can be cancelled. */
    Outcome open(Connection connection, java.util.function.Consumer<Statement> running) throws SQLException;

    /** Either a result to read through ({@code resultSet}, with the statement that owns it) or an update count. */
    record Outcome(Statement statement, ResultSet resultSet, long updateCount) {

        static Outcome rows(Statement statement, ResultSet resultSet) {
            return new Outcome(statement, resultSet, -1);
        }

        static Outcome updated(long count) {
            return new Outcome(null, null, count);
        }
    }

    /** {@code maxRows} caps the result ({@code 0}: no cap), as {@code Statement.setMaxRows}. */
    static ResultSource statement(String sql, int fetchSize, int maxRows) {
        return (connection, running) -> {
            Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            running.accept(statement);
            try {
                statement.setFetchSize(fetchSize);
                if (maxRows > 0) {
                    statement.setMaxRows(maxRows);
                }
                if (statement.execute(sql)) {
                    return Outcome.rows(statement, statement.getResultSet());
                }
                long count = statement.getUpdateCount();
                statement.close();
                return Outcome.updated(Math.max(count, 0));
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
        };
    }

    /** A metadata call: no statement of ours to cancel; the driver's result owns its statement, if any. */
    static ResultSource metadata(MetadataCall call) {
        return (connection, running) -> {
            ResultSet rs = call.apply(connection.getMetaData());
            return Outcome.rows(null, rs);
        };
    }

    @FunctionalInterface
    interface MetadataCall {
        ResultSet apply(java.sql.DatabaseMetaData metaData) throws SQLException;
    }
}
