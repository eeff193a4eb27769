package io.tributary.connect.plugins;

import io.tributary.connect.worker.HerderCalls;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.runtime.ConnectorConfig;
import org.apache.kafka.connect.runtime.isolation.PluginDesc;
import org.apache.kafka.connect.runtime.isolation.PluginType;
import org.apache.kafka.connect.runtime.isolation.PluginUtils;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConfigKeyInfo;
import org.apache.kafka.connect.runtime.rest.entities.PluginInfo;
import org.apache.kafka.connect.runtime.rest.errors.BadRequestException;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.apache.maven.artifact.versioning.VersionRange;
import org.springframework.stereotype.Service;

/** The plugins the worker found (plugin path and classpath), their config definitions, and config validation. */
@Service
public class ConnectorPlugins {

    private static final String ALIAS_SUFFIX = "Connector";

    private final HerderCalls calls;
    private volatile List<PluginInfo> all;

    public ConnectorPlugins(HerderCalls calls) {
        this.calls = calls;
    }

    public List<PluginInfo> list(boolean connectorsOnly) {
        List<PluginInfo> plugins = all();
        if (!connectorsOnly) {
            return plugins;
        }
        return plugins.stream()
                .filter(p -> PluginType.SINK.toString().equals(p.type()) || PluginType.SOURCE.toString().equals(p.type()))
                .toList();
    }

    public List<ConfigKeyInfo> configDef(String plugin, String version) {
        VersionRange range;
        try {
            range = PluginUtils.connectorVersionRequirement(version);
        } catch (InvalidVersionSpecificationException e) {
            throw new BadRequestException("Invalid version specification: " + version, e);
        }
        return calls.herder().connectorPluginConfig(plugin, range);
    }

    public ConfigInfos validate(String plugin, Map<String, String> config) {
        String included = config.get(ConnectorConfig.CONNECTOR_CLASS_CONFIG);
        if (included != null && !normalized(included).endsWith(normalized(plugin))) {
            throw new BadRequestException("Included connector type " + included + " does not match request type "
                    + plugin);
        }
        return calls.await("validating a configuration of " + plugin,
                (herder, cb) -> herder.validateConnectorConfig(config, cb, false));
    }

    private List<PluginInfo> all() {
        List<PluginInfo> known = all;
        if (known == null) {
            Plugins plugins = calls.herder().plugins();
            Set<PluginInfo> out = new LinkedHashSet<>();
            add(out, plugins.sinkConnectors());
            add(out, plugins.sourceConnectors());
            add(out, plugins.transformations());
            add(out, plugins.predicates());
            add(out, plugins.converters());
            add(out, plugins.headerConverters());
            known = List.copyOf(out);
            all = known;
        }
        return known;
    }

    private static <T> void add(Set<PluginInfo> out, Collection<PluginDesc<T>> plugins) {
        plugins.stream().map(PluginInfo::new).forEach(out::add);
    }

    private static String normalized(String plugin) {
        return plugin.endsWith(ALIAS_SUFFIX) && plugin.length() > ALIAS_SUFFIX.length()
                ? plugin.substring(0, plugin.length() - ALIAS_SUFFIX.length())
                : plugin;
    }
}
