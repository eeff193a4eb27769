package io.tributary.proxy.topics;

import io.tributary.proxy.web.RestProxyMediaTypes;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TopicsController {

    private final TopicCatalog topics;

    TopicsController(TopicCatalog topics) {
        this.topics = topics;
    }

    @GetMapping(path = "/topics", produces = {RestProxyMediaTypes.V2_JSON, RestProxyMediaTypes.KAFKA_JSON,
            RestProxyMediaTypes.JSON})
    List<String> list() {
        return topics.names();
    }

    @GetMapping(path = "/topics/{topic}", produces = {RestProxyMediaTypes.V2_JSON, RestProxyMediaTypes.KAFKA_JSON,
            RestProxyMediaTypes.JSON})
    Topic topic(@PathVariable String topic) {
        return topics.topic(topic);
    }

    @GetMapping(path = "/topics/{topic}/partitions", produces = {RestProxyMediaTypes.V2_JSON,
            RestProxyMediaTypes.KAFKA_JSON, RestProxyMediaTypes.JSON, RestProxyMediaTypes.BINARY_V2,
            RestProxyMediaTypes.JSON_V2})
    List<Partition> partitions(@PathVariable String topic) {
        return topics.partitions(topic);
    }

    @GetMapping(path = "/topics/{topic}/partitions/{partition}", produces = {RestProxyMediaTypes.V2_JSON,
            RestProxyMediaTypes.KAFKA_JSON, RestProxyMediaTypes.JSON, RestProxyMediaTypes.BINARY_V2,
            RestProxyMediaTypes.JSON_V2})
    Partition partition(@PathVariable String topic, @PathVariable int partition) {
        return topics.partition(topic, partition);
    }

    @GetMapping(path = "/topics/{topic}/partitions/{partition}/offsets", produces = {RestProxyMediaTypes.V2_JSON,
            RestProxyMediaTypes.KAFKA_JSON, RestProxyMediaTypes.JSON, RestProxyMediaTypes.BINARY_V2,
            RestProxyMediaTypes.JSON_V2})
    PartitionOffsets offsets(@PathVariable String topic, @PathVariable int partition) {
        return topics.offsets(topic, partition);
    }
}
