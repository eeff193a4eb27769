package io.tributary.session.batches;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Batches and their log lines in the service's schema: they outlive the server. */
@Component
class BatchStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    BatchStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(UUID id, String type, String user, String name, String resource, String className,
            Map<String, String> conf, List<String> args, String instance, long createTime) {
        jdbc.sql("""
                        INSERT INTO batch (id, batch_type, username, name, resource, class_name, conf, args, state,
                                           app_state, kyuubi_instance, create_time)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)""")
                .params(id, type, user, name, resource, className, json.writeValueAsString(conf),
                        json.writeValueAsString(args), BatchState.PENDING.name(), "PENDING", instance, createTime)
                .update();
    }

    void started(UUID id, String appId) {
        jdbc.sql("UPDATE batch SET state = ?, app_state = ?, app_id = ?, app_start_time = ? WHERE id = ? AND state = ?")
                .params(BatchState.RUNNING.name(), "RUNNING", appId, System.currentTimeMillis(), id,
                        BatchState.PENDING.name())
                .update();
    }

    /** Ends a batch unless it has already ended; false when it had. */
    boolean end(UUID id, BatchState state, String diagnostic) {
        return jdbc.sql("""
                        UPDATE batch SET state = ?, app_state = ?, app_diagnostic = ?, end_time = ?
                        WHERE id = ? AND state IN ('PENDING', 'RUNNING')""")
                .params(state.name(), state.name(), diagnostic, System.currentTimeMillis(), id)
                .update() == 1;
    }

    void process(UUID id, long pid, String workDir) {
        jdbc.sql("UPDATE batch SET pid = ?, work_dir = ? WHERE id = ?").params(pid, workDir, id).update();
    }

    Optional<String> workDir(UUID id) {
        return jdbc.sql("SELECT work_dir FROM batch WHERE id = ? AND work_dir IS NOT NULL").param(id)
                .query(String.class).optional();
    }

    /**
     * Unfinished batches of this instance that run as processes, which may have outlived the server that started
     * them. Other instances' batches are theirs to recover: their processes run on other hosts.
     */
    List<ProcessRow> unfinishedProcesses(String instance) {
        return jdbc.sql("""
                        SELECT id, pid, work_dir FROM batch
                        WHERE state IN ('PENDING', 'RUNNING') AND pid IS NOT NULL AND kyuubi_instance = ?""")
                .param(instance)
                .query((rs, row) -> new ProcessRow(rs.getObject("id", UUID.class), rs.getLong("pid"),
                        rs.getString("work_dir")))
                .list();
    }

    record ProcessRow(UUID id, long pid, String workDir) {
    }

    /**
     * Batches this instance left unfinished when it stopped and that ran inside it: nothing runs them any more.
     * Another instance's are left alone (it may be running them now).
     */
    int abandonUnfinished(String instance, String diagnostic) {
        return jdbc.sql("""
                        UPDATE batch SET state = 'ERROR', app_state = 'ERROR', app_diagnostic = ?, end_time = ?
                        WHERE state IN ('PENDING', 'RUNNING') AND pid IS NULL AND kyuubi_instance = ?""")
                .params(diagnostic, System.currentTimeMillis(), instance)
                .update();
    }

    Optional<Batch> find(UUID id) {
        return jdbc.sql("SELECT * FROM batch WHERE id = ?").param(id).query(BatchStore::batch).optional();
    }

    List<Batch> list(BatchFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM batch WHERE true");
        List<Object> params = new ArrayList<>();
        if (filter.batchType() != null) {
            sql.append(" AND upper(batch_type) = upper(?)");
            params.add(filter.batchType());
        }
        if (filter.batchUser() != null) {
            sql.append(" AND username = ?");
            params.add(filter.batchUser());
        }
        if (filter.batchState() != null) {
            sql.append(" AND state = ?");
            params.add(filter.batchState().name());
        }
        if (filter.batchName() != null) {
            sql.append(" AND name = ?");
            params.add(filter.batchName());
        }
        if (filter.createTime() > 0) {
            sql.append(" AND create_time >= ?");
            params.add(filter.createTime());
        }
        if (filter.endTime() > 0) {
            sql.append(" AND end_time > 0 AND end_time <= ?");
            params.add(filter.endTime());
        }
        sql.append(" ORDER BY create_time ").append(filter.desc() ? "DESC" : "ASC").append(", id OFFSET ? LIMIT ?");
        params.add(filter.from());
        params.add(filter.size());
        return jdbc.sql(sql.toString()).params(params).query(BatchStore::batch).list();
    }

    /** Batches of a type (case-insensitive), and of a user and a state when given. */
    int count(String type, String user, BatchState state) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM batch WHERE upper(batch_type) = upper(?)");
        List<Object> params = new ArrayList<>();
        params.add(type);
        if (user != null) {
            sql.append(" AND username = ?");
            params.add(user);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.name());
        }
        return jdbc.sql(sql.toString()).params(params).query(Integer.class).single();
    }

    void log(UUID id, int seq, String line) {
        jdbc.sql("INSERT INTO batch_log (batch_id, seq, line) VALUES (?, ?, ?)").params(id, seq, line).update();
    }

    List<String> log(UUID id, int from, int size) {
        return jdbc.sql("SELECT line FROM batch_log WHERE batch_id = ? ORDER BY seq OFFSET ? LIMIT ?")
                .params(id, from, size).query(String.class).list();
    }

    private static Batch batch(ResultSet rs, int row) throws SQLException {
        return new Batch(rs.getString("id"), rs.getString("username"), rs.getString("batch_type"),
                rs.getString("name"), rs.getLong("app_start_time"), rs.getString("app_id"), rs.getString("app_url"),
                rs.getString("app_state"), rs.getString("app_diagnostic"), rs.getString("kyuubi_instance"),
                rs.getString("state"), rs.getLong("create_time"), rs.getLong("end_time"), Map.of());
    }
}
