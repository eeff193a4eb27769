package io.tributary.proxy.brokers;

import io.tributary.common.kafka.KafkaClusterProbe;
import io.tributary.proxy.web.RestProxyMediaTypes;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class BrokersController {

    private final KafkaClusterProbe cluster;

    BrokersController(KafkaClusterProbe cluster) {
        this.cluster = cluster;
    }

    @GetMapping(path = "/brokers",
            produces = {RestProxyMediaTypes.V2_JSON, RestProxyMediaTypes.KAFKA_JSON, RestProxyMediaTypes.JSON})
    BrokerList list() {
        return new BrokerList(cluster.describe().brokerIds());
    }
}
