package io.tributary.sql.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The few topic operations statements need, with a named timeout, failures as statement errors. */
public class KafkaTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Admin admin;

    public KafkaTopics(Admin admin) {
        this.admin = admin;
    }

    public Optional<TopicDescription> describe(String topic) {
        try {
            return Optional.of(admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw failure("describe topic " + topic, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw failure("describe topic " + topic, e);
        }
    }

    public boolean exists(String topic) {
        return describe(topic).isPresent();
    }

    /** Whether the consumer group has committed offsets (its app has run); false when that cannot be told. */
    public boolean hasCommittedOffsets(String groupId) {
        try {
            return !admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void create(String topic, int partitions, Optional<Short> replicas) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), replicas);
        try {
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw failure("create topic " + topic, e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw failure("create topic " + topic, e);
        }
    }

    public void delete(String topic) {
        try {
            admin.deleteTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw failure("delete topic " + topic, e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw failure("delete topic " + topic, e);
        }
    }

    /** Topic name to description, of every topic ({@code internal}: including Kafka's own). */
    public Map<String, TopicDescription> all(boolean internal) {
        try {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(internal)).names()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return admin.describeTopics(names).allTopicNames().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure("list topics", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw failure("list topics", e);
        }
    }

    private static KsqlStatementException failure(String what, Throwable cause) {
        if (cause instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new KsqlStatementException("Could not " + what + ": " + cause.getMessage());
    }
}
