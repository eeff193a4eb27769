package io.tributary.sql.commands;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The command log in PostgreSQL: every statement that changed the metastore, numbered from 0 in the order it
 * was accepted. Appends are serialized across every instance sharing the schema by a table lock held for the
 * whole append, so the work done under it (validating against a caught-up metastore, creating topics) sees no
 * concurrent command.
 */
@Repository
public class CommandLog implements CommandStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public CommandLog(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Runs {@code work} with the next sequence number while holding the log's lock (a table lock, so across
     * every instance), and appends what it returns.
     */
    @Override
    public <T extends Appendable> T append(LongFunction<T> work) {
        return transactions.execute(status -> {
            jdbc.sql("LOCK TABLE command_log IN EXCLUSIVE MODE").update();
            long next = jdbc.sql("SELECT COALESCE(MAX(command_sequence_number) + 1, 0) FROM command_log")
                    .query(Long.class).single();
            T result = work.apply(next);
            LoggedCommand command = result.toLog(next);
            jdbc.sql("INSERT INTO command_log (command_sequence_number, command_id, statement, streams_properties,"
                            + " status, message, query_id, version) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?)")
                    .params(next, command.commandId(), command.statement(),
                            JSON.writeValueAsString(command.properties()), command.status(), command.message(),
                            command.queryId(), command.version())
                    .update();
            return result;
        });
    }

    /** Every command after {@code sequenceNumber}, in order. */
    @Override
    public List<LoggedCommand> after(long sequenceNumber) {
        return jdbc.sql("SELECT command_sequence_number, command_id, statement, streams_properties::text AS props,"
                        + " status, message, query_id, version FROM command_log WHERE command_sequence_number > ?"
                        + " ORDER BY command_sequence_number")
                .param(sequenceNumber)
                .query((rs, i) -> row(rs))
                .list();
    }

    /** Each command id logged before sequence number {@code before}, in first-logged order, with its latest status. */
    public java.util.Map<String, String> statuses(long before) {
        java.util.Map<String, String> statuses = new java.util.LinkedHashMap<>();
        jdbc.sql("SELECT command_id, status FROM command_log WHERE command_sequence_number < ?"
                        + " ORDER BY command_sequence_number")
                .param(before)
                .query((rs, i) -> statuses.put(rs.getString(1), rs.getString(2)))
                .list();
        return statuses;
    }

    /** The latest status of a command id logged before sequence number {@code before}, if there is one. */
    public java.util.Optional<LoggedCommand> latest(String commandId, long before) {
        return jdbc.sql("SELECT command_sequence_number, command_id, statement, streams_properties::text,"
                        + " status, message, query_id, version FROM command_log WHERE command_id = ?"
                        + " AND command_sequence_number < ? ORDER BY command_sequence_number DESC LIMIT 1")
                .param(commandId)
                .param(before)
                .query((rs, i) -> row(rs))
                .optional();
    }

    private static LoggedCommand row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LoggedCommand(rs.getLong(1), rs.getString(2), rs.getString(3), JSON.readValue(rs.getString(4), MAP),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8));
    }
}
