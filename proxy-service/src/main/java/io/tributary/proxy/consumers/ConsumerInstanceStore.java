package io.tributary.proxy.consumers;

import io.tributary.proxy.records.EmbeddedFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code consumer_instance} table: every live instance's definition, owner and subscription. */
@Repository
class ConsumerInstanceStore {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    ConsumerInstanceStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Records a new instance; false when the group already has a live one of that name (on any replica). A row
     * whose owner has not refreshed it for {@code staleAfter} is left over by a process that is gone: the name is
     * free again, as it is on the real proxy after a restart.
     */
    boolean insert(ConsumerDefinition definition, String owner, String ownerUrl, Duration staleAfter) {
        jdbc.update("DELETE FROM consumer_instance WHERE group_name = ? AND instance_id = ? "
                        + "AND owner IS DISTINCT FROM ? AND last_used_at < now() - ? * interval '1 millisecond'",
                definition.group(), definition.instanceId(), owner, staleAfter.toMillis());
        try {
            jdbc.update("INSERT INTO consumer_instance (group_name, instance_id, format, config, owner, owner_url, "
                            + "request_timeout_ms) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?)",
                    definition.group(), definition.instanceId(), definition.format().wireName(),
                    json.writeValueAsString(definition.kafkaConfig()), owner, ownerUrl,
                    definition.requestTimeout() == null ? null : definition.requestTimeout().toMillis());
            return true;
        } catch (DuplicateKeyException taken) {
            return false;
        }
    }

    void delete(String group, String instanceId) {
        jdbc.update("DELETE FROM consumer_instance WHERE group_name = ? AND instance_id = ?", group, instanceId);
    }

    /** Lets this process's instances go (at shutdown): the next request for one, on any replica, takes it over. */
    void releaseOwnedBy(String owner) {
        jdbc.update("UPDATE consumer_instance SET owner_url = NULL WHERE owner = ?", owner);
    }

    /** Lets one instance go when this process could not take it over: the next request tries again. */
    void release(String group, String instanceId, String owner) {
        jdbc.update("UPDATE consumer_instance SET owner = NULL, owner_url = NULL WHERE group_name = ? "
                + "AND instance_id = ? AND owner = ?", group, instanceId, owner);
    }

    /** An instance's row, as another replica needs it to forward to its owner or to take it over. */
    Optional<StoredInstance> find(String group, String instanceId, Duration staleAfter) {
        return jdbc.query("SELECT format, config::text, request_timeout_ms, subscription::text, owner, owner_url, "
                        + "owner_url IS NOT NULL AND last_used_at >= now() - ? * interval '1 millisecond' "
                        + "FROM consumer_instance WHERE group_name = ? AND instance_id = ?",
                (row, n) -> {
                    long timeout = row.getLong(3);
                    Duration requestTimeout = row.wasNull() ? null : Duration.ofMillis(timeout);
                    Map<String, String> config = json.readValue(row.getString(2),
                            new TypeReference<Map<String, String>>() { });
                    ConsumerDefinition definition = new ConsumerDefinition(group, instanceId,
                            EmbeddedFormat.ofWireName(row.getString(1)).orElse(EmbeddedFormat.BINARY), config,
                            requestTimeout);
                    return new StoredInstance(definition, row.getString(4), row.getString(5), row.getString(6),
                            row.getBoolean(7));
                }, staleAfter.toMillis(), group, instanceId).stream().findFirst();
    }

    /** Makes {@code owner} the owner of an instance still held by {@code previousOwner}; false if another was faster. */
    boolean takeOver(String group, String instanceId, String previousOwner, String owner, String ownerUrl) {
        return jdbc.update("UPDATE consumer_instance SET owner = ?, owner_url = ?, last_used_at = now() "
                        + "WHERE group_name = ? AND instance_id = ? AND owner IS NOT DISTINCT FROM ?",
                owner, ownerUrl, group, instanceId, previousOwner) == 1;
    }

    /** A row of {@code consumer_instance}: the definition, what it reads, who owns it and whether that owner lives. */
    record StoredInstance(ConsumerDefinition definition, String subscriptionJson, String owner, String ownerUrl,
            boolean ownerAlive) {
    }

    void saveSubscription(String group, String instanceId, Object subscription) {
        jdbc.update("UPDATE consumer_instance SET subscription = ?::jsonb, last_used_at = now() "
                        + "WHERE group_name = ? AND instance_id = ?",
                subscription == null ? null : json.writeValueAsString(subscription), group, instanceId);
    }

    /** Marks these instances as in use now (the database's clock), in one statement. */
    void touch(Collection<ConsumerKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (ConsumerKey key : keys) {
            rows.add(new Object[] {key.group(), key.instanceId()});
        }
        jdbc.batchUpdate("UPDATE consumer_instance SET last_used_at = now() WHERE group_name = ? AND instance_id = ?",
                rows);
    }

    /** Forgets instances nobody has refreshed for {@code idle} (their process is gone). */
    int deleteIdleFor(Duration idle) {
        return jdbc.update("DELETE FROM consumer_instance WHERE last_used_at < now() - ? * interval '1 millisecond'",
                idle.toMillis());
    }
}
