package io.tributary.sql.metastore;

import io.tributary.sql.ast.SourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The streams and tables this server knows, rebuilt from the command log on start. Reads may come from any
 * thread; changes come only from the command runner, one at a time.
 */
@Component
public class MetaStore {

    private final Map<String, DataSource> sources = new LinkedHashMap<>();

    public synchronized Optional<DataSource> source(String name) {
        return Optional.ofNullable(sources.get(name));
    }

    public synchronized List<DataSource> sources(SourceType type) {
        return sources.values().stream().filter(s -> s.type() == type).toList();
    }

    public synchronized List<DataSource> all() {
        return new ArrayList<>(sources.values());
    }

    public synchronized void put(DataSource source) {
        sources.put(source.name(), source);
    }

    public synchronized void remove(String name) {
        sources.remove(name);
    }

    public synchronized void clear() {
        sources.clear();
    }
}
