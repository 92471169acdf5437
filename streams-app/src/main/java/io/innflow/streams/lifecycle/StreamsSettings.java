package io.innflow.streams.lifecycle;

import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.KafkaClientSettings;
import io.innflow.streams.config.NodeSettings;
import io.innflow.streams.config.StoreSettings;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings of a node, every important one set explicitly. */
public final class StreamsSettings {

    private StreamsSettings() {}

    /**
     * @param applicationServer {@code host:port} of this node's HTTP server, so other nodes can find
     *     the owner of a hotel
     */
    /** The Streams producer's {@code retry.backoff.ms}. */
    static final int PRODUCER_RETRY_BACKOFF_MS = 5;

    public static Properties forNode(NodeSettings config, Topics topics, String applicationServer) {
        return forNode(config, KafkaClientSettings.none(), StoreSettings.from(Map.of()), topics, applicationServer);
    }

    /**
     * @param clients Kafka client settings passed through to every client Kafka Streams makes
     *     (security, for example); the settings below win over them
     * @param stores how much memory the RocksDB stores may use, all together
     * @param applicationServer {@code host:port} of this node's HTTP server
     */
    public static Properties forNode(
            NodeSettings config,
            KafkaClientSettings clients,
            StoreSettings stores,
            Topics topics,
            String applicationServer) {
        Properties p = new Properties();
        p.putAll(clients.properties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.CLIENT_ID_CONFIG, config.applicationId() + "-" + config.nodeId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // Latency: under exactly-once every answer waits for a commit; with the defaults that is ~110 ms.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        p.put(StreamsConfig.POLL_MS_CONFIG, config.pollMs());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), config.streamsLingerMs());
        // A commit that follows the last one closely (see CommitWhenIdle) finds that transaction still
        // completing, and the producer retries after this backoff: Kafka's 100 ms would be added to the
        // answer (docs/benchmarks.md, "Where the time went"). A pass-through retry.backoff.ms still wins.
        if (!clients.properties().containsKey(ProducerConfig.RETRY_BACKOFF_MS_CONFIG)) {
            p.putIfAbsent(
                    StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), PRODUCER_RETRY_BACKOFF_MS);
        }
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), config.streamsFetchMaxWaitMs());
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, config.streamsMaxTaskIdleMs());
        // A crashed node's hotels move to the others after this long (Kafka's default is 45 s).
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        // Read-your-writes: every changelog record carries the position (input topic, partition, offset)
        // that wrote it, so standbys and restored stores know their position and can answer reads bounded
        // by a consistency token (PositionBound), not only the active task that wrote them.
        p.put(StreamsConfig.InternalConfig.IQ_CONSISTENCY_OFFSET_VECTOR_ENABLED, true);
        // Decided per input (docs/reliability.md): a broken command goes to the dead-letter topic with its
        // coordinates in headers; a catalog change is never skipped; a transient failure is read again;
        // a processing failure fails the thread so nothing half-applied commits.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationErrorHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingErrorHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // The events topic too: the guest view reads it, and a record there that is not our event (only
        // the topology writes it) must not stop the node.
        p.put(
                InputErrors.DEAD_LETTER_SOURCES_CONFIG,
                topics.commands().name() + "," + topics.events().name());
        p.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                topics.commandsDeadLetters().name());
        // Hot keys: the record cache folds the writes one commit interval makes to a night counter (every hold
        // of a hot hotel writes the same nights) into one changelog record (docs/benchmarks.md).
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, stores.recordCacheBytes());
        // Memory: every store shares one block cache that also bounds the memtables (BoundedRocksDb).
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class);
        p.putAll(BoundedRocksDb.properties(stores));
        return p;
    }
}
