package io.tributary.sql.engine;

import io.tributary.sql.bounded.BoundedQueryEngine;
import io.tributary.sql.commands.CommandLog;
import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.queries.PushQueries;
import io.tributary.sql.queries.QueryRegistry;
import io.tributary.sql.queries.QueryRuntimeProperties;
import io.tributary.sql.server.SqlServerProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The engine's parts, built once per server; scheduling drives the command log follower. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SqlEngineConfiguration {

    @Bean
    KafkaTopics kafkaTopics(Admin admin) {
        return new KafkaTopics(admin);
    }

    @Bean(destroyMethod = "close")
    RowProducer rowProducer(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        return new RowProducer(bootstrapServers);
    }

    @Bean
    CommandExecutor commandExecutor(MetaStore metaStore, QueryRegistry queries, CommandLog commandLog,
            KafkaTopics topics) {
        return new CommandExecutor(metaStore, queries, commandLog, topics);
    }

    @Bean
    BoundedQueryEngine boundedQueryEngine(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${ksql.bounded-query.max-rows:1000000}") int maxRows) {
        return new BoundedQueryEngine(bootstrapServers, maxRows);
    }

    @Bean
    PullQueries pullQueries(BoundedQueryEngine bounded, QueryRegistry queries, PullQueryPeers peers,
            KafkaTopics topics) {
        return new PullQueries(bounded, queries, peers, topics);
    }

    @Bean
    PushQueryEngine pushQueryEngine(MetaStore metaStore, PushQueries pushQueries, PullQueries pullQueries) {
        return new PushQueryEngine(metaStore, pushQueries, pullQueries);
    }

    @Bean
    KsqlEngine ksqlEngine(MetaStore metaStore, QueryRegistry queries, CommandExecutor commands, KafkaTopics topics,
            RowProducer producer, SqlServerProperties server, QueryRuntimeProperties runtime, PushQueries pushQueries,
            @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("ksql.service.id", server.serviceId());
        properties.put("ksql.persistent.prefix", "query_");
        properties.put("ksql.streams.bootstrap.servers", bootstrapServers);
        properties.put("ksql.streams.auto.offset.reset", runtime.autoOffsetReset());
        properties.put("ksql.streams.commit.interval.ms", String.valueOf(runtime.commitInterval().toMillis()));
        properties.put("ksql.streams.cache.max.bytes.buffering", String.valueOf(runtime.cacheMaxBytes()));
        properties.put("ksql.streams.state.dir", runtime.stateDir());
        return new KsqlEngine(metaStore, queries, commands, topics, producer, properties, pushQueries);
    }
}
