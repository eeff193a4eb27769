package io.tributary.sql.queryservice;

import io.tributary.sql.bounded.Interruption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests running on this instance by {@code client_context_id}, so
 * {@code DELETE /admin/requests/running?client_context_id=...} can stop them.
 */
public class RunningRequests {

    private final Map<String, Set<Interruption>> running = new ConcurrentHashMap<>();

    /** Registers a running request; closing the returned handle unregisters it. */
    public AutoCloseable register(String clientContextId, Interruption interruption) {
        if (clientContextId == null || clientContextId.isEmpty()) {
            return () -> { };
        }
        running.computeIfAbsent(clientContextId, k -> ConcurrentHashMap.newKeySet()).add(interruption);
        return () -> running.computeIfPresent(clientContextId, (k, set) -> {
            set.remove(interruption);
            return set.isEmpty() ? null : set;
        });
    }

    /** Cancels every request running with this id; whether there was one. */
    public boolean cancel(String clientContextId) {
        Set<Interruption> requests = running.remove(clientContextId);
        if (requests == null || requests.isEmpty()) {
            return false;
        }
        requests.forEach(Interruption::cancel);
        return true;
    }
}
