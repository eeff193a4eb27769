package io.tributary.sql.queries;

import io.tributary.sql.format.RowCodec;
import io.tributary.sql.metastore.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The persistent queries of this server, each a Kafka Streams application whose {@code application.id} is
 * {@code _confluent-ksql-<serviceId>query_<queryId>} (ksqlDB's naming): every server with the same service id
 * joins the same consumer group and shares the query's partitions.
 */
@Component
public class QueryRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(QueryRegistry.class);

    private final Map<String, PersistentQuery> queries = new LinkedHashMap<>();
    private final String bootstrapServers;
    private final String serviceId;
    private final QueryRuntimeProperties runtime;
    /** {@code host:port} other instances reach this one at, once its web server listens; null before. */
    private volatile String applicationServer;

    public QueryRegistry(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${ksql.service-id:default_}") String serviceId, QueryRuntimeProperties runtime) {
        this.bootstrapServers = bootstrapServers;
        this.serviceId = serviceId;
        this.runtime = runtime;
    }

    /**
     * Records where this instance answers HTTP, as Kafka Streams' {@code application.server} of the queries it
     * starts from now on, so a pull query on another instance can ask this one for the keys it holds:
     * {@code ksql.advertised.listener} (a URL, as ksqlDB's) or, without it, this host's address and the port the
     * web server took.
     */
    @EventListener
    public void webServerStarted(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        String advertised = event.getApplicationContext().getEnvironment().getProperty("ksql.advertised.listener",
                "");
        int port = event.getWebServer().getPort();
        if (!advertised.isBlank()) {
            java.net.URI uri = java.net.URI.create(advertised.trim());
            applicationServer = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : port);
            return;
        }
        String host = event.getApplicationContext().getEnvironment().getProperty("server.address", "");
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostAddress();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
        }
        applicationServer = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Where this instance answers pull queries forwarded to it ({@code host:port}), if known yet. */
    public Optional<String> applicationServer() {
        return Optional.ofNullable(applicationServer);
    }

    public String applicationId(String queryId) {
        return "_confluent-ksql-" + serviceId + "query_" + queryId;
    }

    /** The topology of a query from its source topics to the sink's topic, keeping a table it writes for pulls. */
    public static Topology topology(String queryId, QueryPlan plan, DataSource sink) {
        return topology(queryId, plan, sink, true);
    }

    /** @param tableStore whether a table the query writes is kept in {@link TableStore} for pull queries */
    static Topology topology(String queryId, QueryPlan plan, DataSource sink, boolean tableStore) {
        if (plan.stateful().isPresent()) {
            return StatefulTopology.build(queryId, plan, sink, tableStore);
        }
        StreamsBuilder builder = new StreamsBuilder();
        RowCodec sourceCodec = RowCodec.of(plan.source());
        RowCodec sinkCodec = RowCodec.of(sink);
        KStream<byte[], byte[]> results = builder.stream(plan.source().topic(), Consumed.with(Serdes.ByteArray(),
                        Serdes.ByteArray()).withName("KsqlTopic.Source"))
                .process(() -> new ProjectFilterProcessor(queryId, plan, sourceCodec,
                        ProjectFilterProcessor.toSink(sinkCodec)), Named.as("Project"));
        (tableStore ? TableStore.materialized(results, sink) : results).to(sink.topic(),
                WindowedPartitioner.produced(sink));
        return builder.build();
    }

    /** Registers a query; {@code start} says whether its Streams app starts now or at {@link #startAll()}. */
    public synchronized PersistentQuery register(String queryId, String statementText, QueryPlan plan, DataSource sink,
            Map<String, Object> overrides, boolean start) {
        return register(queryId, statementText, plan, sink, overrides, start, true);
    }

    /**
     * @param tableStore whether a table the query writes is kept in {@link TableStore} for pull queries: false for
     *                   a query that ran before such stores existed, whose topology must stay as it was
     */
    public synchronized PersistentQuery register(String queryId, String statementText, QueryPlan plan, DataSource sink,
            Map<String, Object> overrides, boolean start, boolean tableStore) {
        Topology topology = topology(queryId, plan, sink, tableStore);
        String applicationId = applicationId(queryId);
        KafkaStreams streams = newStreams(queryId, topology, streamsConfig(applicationId, overrides));
        PersistentQuery query = new PersistentQuery(queryId, statementText, sink.name(), sink.topic(),
                plan.sources().stream().map(DataSource::name).toList(), applicationId, topology, streams, overrides,
                tableStore && sink.type() == io.tributary.sql.ast.SourceType.TABLE, plan);
        PersistentQuery previous = queries.put(queryId, query);
        if (previous != null) {
            close(previous, false);
        }
        if (start && streams != null) {
            streams.start();
        }
        return query;
    }

    /** The Streams app of a query; test runners that drive topologies themselves answer null. */
    protected KafkaStreams newStreams(String queryId, Topology topology, Properties config) {
        KafkaStreams streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Persistent query {} failed", queryId, e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        return streams;
    }

    /** Starts every registered query not yet started (after the command log has been replayed). */
    public synchronized void startAll() {
        for (PersistentQuery query : queries.values()) {
            if (query.streams() != null && query.streams().state() == KafkaStreams.State.CREATED) {
                query.streams().start();
            }
        }
    }

    /** The running query that writes {@code table}, whose {@link TableStore} pull queries read. */
    public synchronized Optional<PersistentQuery> writing(String table) {
        return queries.values().stream().filter(q -> q.sinkName().equals(table) && q.streams() != null
                && q.tableStore()).findFirst();
    }

    public synchronized Optional<PersistentQuery> get(String queryId) {
        return Optional.ofNullable(queries.get(queryId));
    }

    public synchronized List<PersistentQuery> all() {
        return new ArrayList<>(queries.values());
    }

    /** Stops a query and removes its local state; its consumer group and output stay. */
    public synchronized void terminate(String queryId) {
        PersistentQuery query = queries.remove(queryId);
        if (query != null) {
            close(query, true);
        }
    }

    private void close(PersistentQuery query, boolean cleanUp) {
        if (query.streams() == null) {
            return;
        }
        query.streams().close(Duration.ofSeconds(10));
        if (cleanUp) {
            query.streams().cleanUp();
        }
    }

    Properties streamsConfig(String applicationId, Map<String, Object> overrides) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.STATE_DIR_CONFIG, runtime.stateDir());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, runtime.commitInterval().toMillis());
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, runtime.cacheMaxBytes());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        if (applicationServer != null) {
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), runtime.autoOffsetReset());
        overrides.forEach((name, value) -> {
            String key = name.startsWith("ksql.streams.") ? name.substring("ksql.streams.".length()) : name;
            if (!key.startsWith("ksql.")) {
                config.put(key.equals(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG)
                        ? StreamsConfig.consumerPrefix(key) : key, String.valueOf(value));
            }
        });
        return config;
    }

    @Override
    public synchronized void destroy() {
        for (PersistentQuery query : queries.values()) {
            if (query.streams() != null) {
                query.streams().close(Duration.ofSeconds(5));
            }
        }
        queries.clear();
    }
}
