package io.innflow.streams.lifecycle;

import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.metrics.DomainCounters;
import io.innflow.streams.topology.InnflowTopology;
import java.time.Duration;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams side of a node: creates the topics, builds the topology, runs it and says whether
 * the node can serve (Streams running and the catalog loaded). The HTTP side reads its stores through
 * {@link #streams()}.
 */
public final class StreamsRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsRuntime.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final CatalogReadiness readiness;
    private final RunningStores running;

    private StreamsRuntime(KafkaStreams streams, CatalogReadiness readiness, RunningStores running) {
        this.streams = streams;
        this.readiness = readiness;
        this.running = running;
    }

    /**
     * Creates the topics if needed and starts Kafka Streams.
     *
     * @param applicationServer {@code host:port} of this node's HTTP server, advertised to the others
     */
    public static StreamsRuntime start(InnflowConfig config, Topics topics, String applicationServer) {
        return start(config, topics, applicationServer, DomainCounters.NONE);
    }

    /** Like {@link #start(InnflowConfig, Topics, String)}, reporting what the topology does to {@code counters}. */
    public static StreamsRuntime start(
            InnflowConfig config, Topics topics, String applicationServer, DomainCounters counters) {
        ExposureChecks.verify(config.node());
        // Before any topic is created, so a refused replication factor leaves nothing behind.
        ClusterChecks.verify(
                config.kafkaClients(),
                config.node().bootstrapServers(),
                ClusterChecks.Expectations.of(config, topics),
                CHECK_TIMEOUT);
        TopicSetup.ensureTopics(
                config.kafkaClients(),
                config.node().bootstrapServers(),
                topics,
                config.topology().partitions(),
                config.node().replicationFactor());
        RunningStores running = new RunningStores();
        Topology topology = InnflowTopology.build(topics, config.topology(), config.reliability(), counters, running);
        KafkaStreams streams = new KafkaStreams(
                topology,
                StreamsSettings.forNode(
                        config.node(), config.kafkaClients(), config.stores(), topics, applicationServer));
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        CatalogReadiness readiness = new CatalogReadiness(
                config.kafkaClients(),
                config.node().bootstrapServers(),
                config.node().applicationId(),
                topics,
                topology);
        streams.start();
        return new StreamsRuntime(streams, readiness, running);
    }

    /** The running instance, for interactive queries and metadata. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The stores of the active tasks running here, for reads that need an active task. */
    public RunningStores runningStores() {
        return running;
    }

    /** The Kafka Streams state (RUNNING once tasks are assigned and restored). */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** True once the catalog, as it stood when this node started, has been applied. */
    public boolean catalogLoaded() {
        return readiness.loaded();
    }

    /** True once Kafka Streams is RUNNING and the catalog has been loaded. */
    public boolean ready() {
        return streams.state() == KafkaStreams.State.RUNNING && readiness.loaded();
    }

    /** Stops processing (tasks keep their assignment) until {@link #resume()}: for failure drills and tests. */
    public void pause() {
        streams.pause();
    }

    /** Resumes processing after {@link #pause()}. */
    public void resume() {
        streams.resume();
    }

    /** Leaves the group, so a restarted or remaining node takes the hotels over at once. */
    @Override
    public void close() {
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        readiness.close();
    }
}
