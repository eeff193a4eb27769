package io.tributary.connect.cluster;

import io.tributary.common.kafka.KafkaClusterProbe;
import org.apache.kafka.common.utils.AppInfoParser;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RootController {

    private final KafkaClusterProbe cluster;

    RootController(KafkaClusterProbe cluster) {
        this.cluster = cluster;
    }

    @GetMapping(path = "/", produces = MediaType.APPLICATION_JSON_VALUE)
    ServerInfo serverInfo() {
        return new ServerInfo(AppInfoParser.getVersion(), AppInfoParser.getCommitId(),
                cluster.describe().clusterId());
    }
}
