package io.tributary.proxy.topics;

import io.tributary.proxy.web.RestProxyMediaTypes;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TopicsController {

    private final TopicCatalog topics;

    TopicsController(TopicCatalog topics) {
        this.topics = topics;
    }

    @GetMapping(path = "/topics",
            produces = {RestProxyMediaTypes.V2_JSON, RestProxyMediaTypes.KAFKA_JSON, RestProxyMediaTypes.JSON})
    List<String> list() {
        return topics.names();
    }
}
