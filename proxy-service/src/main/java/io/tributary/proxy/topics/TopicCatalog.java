package io.tributary.proxy.topics;

import io.tributary.common.kafka.KafkaUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** The topics of the cluster, as the admin client sees them (Kafka's internal topics left out, as the proxy does). */
@Service
public class TopicCatalog {

    private final Admin admin;
    private final Duration timeout;

    public TopicCatalog(Admin admin, @Value("${tributary.kafka.request-timeout:10s}") Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    public List<String> names() {
        var options = new ListTopicsOptions().listInternal(false).timeoutMs((int) timeout.toMillis());
        try {
            return admin.listTopics(options).names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                    .sorted()
                    .toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("Interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaUnavailableException("Could not list topics: " + cause.getMessage(), cause);
        }
    }
}
