package io.tributary.common.kafka;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

/** Asks the broker, every time, which cluster this is: used by health checks and by {@code /info}-like answers. */
public class KafkaClusterProbe {

    private final Admin admin;
    private final Duration timeout;

    public KafkaClusterProbe(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    public KafkaCluster describe() {
        long millis = timeout.toMillis();
        DescribeClusterResult result = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) millis));
        try {
            String clusterId = result.clusterId().get(millis, TimeUnit.MILLISECONDS);
            List<Integer> brokers = result.nodes().get(millis, TimeUnit.MILLISECONDS).stream()
                    .map(Node::id)
                    .sorted(Comparator.naturalOrder())
                    .toList();
            Node controller = result.controller().get(millis, TimeUnit.MILLISECONDS);
            return new KafkaCluster(clusterId, brokers, controller == null ? null : controller.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("Interrupted while describing the Kafka cluster", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new KafkaUnavailableException("Kafka cluster did not answer within " + millis + " ms: "
                    + cause.getMessage(), cause);
        }
    }

    public Admin admin() {
        return admin;
    }
}
