package io.tributary.sql.queryservice.web;

import io.tributary.sql.bounded.BoundedQueryEngine;
import io.tributary.sql.engine.KsqlEngine;
import io.tributary.sql.metastore.MetaStore;
import io.tributary.sql.queryservice.QueryService;
import io.tributary.sql.queryservice.QueryServiceEngine;
import io.tributary.sql.queryservice.ResultStore;
import io.tributary.sql.queryservice.RunningRequests;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query service's parts; its settings are described in {@code sql-service.yml} ({@code queryservice.*}). */
@Configuration(proxyBeanMethods = false)
class QueryServiceConfiguration {

    @Bean
    QueryServiceEngine queryServiceEngine(MetaStore metaStore, BoundedQueryEngine bounded, KsqlEngine ksql) {
        return new QueryServiceEngine(metaStore, bounded, ksql);
    }

    @Bean
    RunningRequests runningRequests() {
        return new RunningRequests();
    }

    @Bean
    QueryService queryService(QueryServiceEngine engine, ResultStore store, RunningRequests running,
            @Value("${queryservice.result-ttl:24h}") Duration resultTtl,
            @Value("${queryservice.max-result-reads:1}") int maxResultReads,
            @Value("${queryservice.async-threads:4}") int asyncThreads,
            @Value("${queryservice.lost-after:30s}") Duration lostAfter,
            @Value("${queryservice.max-concurrent-queries:16}") int maxConcurrentQueries,
            @Value("${queryservice.default-timeout:55s}") Duration defaultTimeout,
            @Value("${queryservice.async-default-timeout:1h}") Duration asyncDefaultTimeout,
            @Value("${queryservice.async-queue-capacity:64}") int asyncQueueCapacity) {
        return new QueryService(engine, store, running, new QueryService.Settings(resultTtl, maxResultReads,
                asyncThreads, lostAfter, maxConcurrentQueries, defaultTimeout, asyncDefaultTimeout,
                asyncQueueCapacity));
    }
}
