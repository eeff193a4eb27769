package io.tributary.connect.plugins;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConfigKeyInfo;
import org.apache.kafka.connect.runtime.rest.entities.PluginInfo;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Connect's {@code /connector-plugins} resource. */
@RestController
@RequestMapping(path = "/connector-plugins", produces = MediaType.APPLICATION_JSON_VALUE)
class ConnectorPluginsController {

    private final ConnectorPlugins plugins;

    ConnectorPluginsController(ConnectorPlugins plugins) {
        this.plugins = plugins;
    }

    @GetMapping
    List<PluginInfo> list(@RequestParam(defaultValue = "true") boolean connectorsOnly) {
        return plugins.list(connectorsOnly);
    }

    @GetMapping("/{plugin}/config")
    List<ConfigKeyInfo> configDef(@PathVariable String plugin,
            @RequestParam(defaultValue = "latest") String version) {
        return plugins.configDef(plugin, version);
    }

    @PutMapping(path = "/{plugin}/config/validate", consumes = MediaType.APPLICATION_JSON_VALUE)
    ConfigInfos validate(@PathVariable String plugin, @RequestBody Map<String, String> config) {
        return plugins.validate(plugin, config);
    }
}
