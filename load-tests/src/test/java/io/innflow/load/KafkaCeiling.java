package io.innflow.load;

import static org.awaitility.Awaitility.await;

import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.lifecycle.CommitWhenIdle;
import io.innflow.streams.lifecycle.StreamsSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka ceiling: what a bare request/response round trip through an exactly-once Kafka Streams
 * task costs on this broker, with nothing of innflow's own work in it. Clients produce a small
 * command (bytes, keyed by hotel like innflow's commands) to a request topic; one processor does three
 * RocksDB reads and three writes per record (the nights of a 3-night hold) and forwards a reply keyed by
 * the reply address; a reader with {@code isolation.level=read_committed} completes the waiting client
 * by request id. The Streams properties are the node's own ({@link StreamsSettings#forNode}) with only
 * the application id and state directory changed; partitions, the producer's linger and the reply
 * reader's fetch wait are the node's settings too.
 */
final class KafkaCeiling implements AutoCloseable {

    static final String REQUESTS = "ceiling-requests";
    static final String REPLIES = "ceiling-replies";
    private static final String STORE = "ceiling-nights";
    private static final String REPLY_TO = "ceiling-client";
    /** Request id (16 bytes), first night (4) and a payload, about the size of a small Avro command. */
    private static final int COMMAND_BYTES = 96;

    private final InnflowConfig config;
    private final Properties streamsProperties;
    private final KafkaStreams streams;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> replies;
    private final Map<UUID, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    /** Creates the two topics, starts the Streams app and the reply reader; returns once both run. */
    KafkaCeiling(InnflowConfig config, String registryUrl, Path stateDir) throws Exception {
        this.config = config;
        String bootstrap = config.node().bootstrapServers();
        int partitions = config.topology().partitions();
        try (Admin admin = Admin.create(config.kafkaClients().clientConfig(bootstrap))) {
            admin.createTopics(List.of(
                            new NewTopic(REQUESTS, partitions, config.node().replicationFactor()),
                            new NewTopic(REPLIES, partitions, config.node().replicationFactor())))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        streamsProperties = StreamsSettings.forNode(
                config.node(),
                config.kafkaClients(),
                config.stores(),
                Topics.create(AvroSerdeFactory.forRegistry(registryUrl)),
                "127.0.0.1:1");
        streamsProperties.put(StreamsConfig.APPLICATION_ID_CONFIG, "innflow-ceiling");
        streamsProperties.put(StreamsConfig.CLIENT_ID_CONFIG, "innflow-ceiling");
        streamsProperties.put(
                StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        streams = new KafkaStreams(topology(config.topology().commitWhenIdle()), streamsProperties);
        streams.start();
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> streams.state() == KafkaStreams.State.RUNNING);

        Map<String, Object> producerConfig = config.kafkaClients().clientConfig(bootstrap);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "ceiling-requests");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, config.node().facadeLingerMs());
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        producer.partitionsFor(REQUESTS);

        Map<String, Object> consumerConfig = config.kafkaClients().clientConfig(bootstrap);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "ceiling-replies");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, config.node().facadeFetchMaxWaitMs());
        replies = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        // Like innflow's facade: replies are keyed by reply address, so one partition holds them all.
        TopicPartition partition = new TopicPartition(
                REPLIES, Utils.toPositive(Utils.murmur2(REPLY_TO.getBytes(StandardCharsets.UTF_8))) % partitions);
        replies.assign(List.of(partition));
        replies.seekToEnd(List.of(partition));
        replies.position(partition);
        reader = new Thread(this::readReplies, "ceiling-replies");
        reader.setDaemon(true);
        reader.start();
    }

    /** The settings this harness shares with a node, for the report. */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        for (String key : List.of(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                StreamsConfig.POLL_MS_CONFIG,
                StreamsConfig.NUM_STREAM_THREADS_CONFIG,
                StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
                StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
                StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG))) {
            s.put("streams " + key, String.valueOf(streamsProperties.get(key)));
        }
        s.put("topic partitions", Integer.toString(config.topology().partitions()));
        s.put("request producer linger.ms", Integer.toString(config.node().facadeLingerMs()));
        s.put("reply reader fetch.max.wait.ms", Integer.toString(config.node().facadeFetchMaxWaitMs()));
        return s;
    }

    /**
     * A round trip for the client loop, keyed by {@code keys} round-robin from the client's index: 201
     * when the reply came, 202 when it did not within the node's request timeout.
     */
    ClosedLoad.Call call(List<String> keys) {
        long timeoutMs = config.node().requestTimeout().toMillis();
        return (client, iteration) -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            UUID id = new UUID(random.nextLong(), random.nextLong());
            ByteBuffer command = ByteBuffer.allocate(COMMAND_BYTES);
            command.putLong(id.getMostSignificantBits())
                    .putLong(id.getLeastSignificantBits())
                    .putInt(random.nextInt(60));
            CompletableFuture<Void> reply = new CompletableFuture<>();
            waiters.put(id, reply);
            String key = keys.get((int) ((client + iteration) % keys.size()));
            producer.send(new ProducerRecord<>(REQUESTS, key, command.array()), (metadata, e) -> {
                if (e != null) {
                    reply.completeExceptionally(e);
                }
            });
            try {
                reply.get(timeoutMs, TimeUnit.MILLISECONDS);
                return 201;
            } catch (TimeoutException e) {
                return 202;
            } finally {
                waiters.remove(id);
            }
        };
    }

    private void readReplies() {
        while (running.get()) {
            for (ConsumerRecord<String, byte[]> r : replies.poll(Duration.ofMillis(500))) {
                ByteBuffer b = ByteBuffer.wrap(r.value());
                CompletableFuture<Void> waiter = waiters.get(new UUID(b.getLong(), b.getLong()));
                if (waiter != null) {
                    waiter.complete(null);
                }
            }
        }
    }

    private static Topology topology(Duration commitWhenIdle) {
        Topology t = new Topology();
        t.addSource(
                "requests", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), REQUESTS);
        t.addProcessor("three-nights", () -> new ThreeNights(commitWhenIdle), "requests");
        // Like innflow's night counters: RocksDB, logged (every write goes to a changelog in the transaction),
        // with the record cache, which folds a commit's writes to one night into one changelog record.
        t.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                        .withCachingEnabled(),
                "three-nights");
        t.addSink(
                "replies",
                REPLIES,
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                "three-nights");
        return t;
    }

    /**
     * Three reads and three writes: a counter per (hotel, night) for three nights, then the reply; committed
     * by the node's policy (on the interval, and as soon as requests stop arriving).
     */
    static final class ThreeNights implements Processor<String, byte[], String, byte[]> {
        private final Duration commitWhenIdle;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> nights;
        private CommitWhenIdle idleCommit;

        ThreeNights(Duration commitWhenIdle) {
            this.commitWhenIdle = commitWhenIdle;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.nights = context.getStateStore(STORE);
            idleCommit = CommitWhenIdle.on(context, commitWhenIdle);
        }

        @Override
        public void process(Record<String, byte[]> request) {
            idleCommit.processed();
            ByteBuffer in = ByteBuffer.wrap(request.value());
            byte[] id = new byte[16];
            in.get(id);
            int firstNight = in.getInt();
            for (int n = 0; n < 3; n++) {
                String key = request.key() + "|" + (firstNight + n);
                byte[] held = nights.get(key);
                long count = held == null ? 0 : ByteBuffer.wrap(held).getLong();
                nights.put(
                        key, ByteBuffer.allocate(Long.BYTES).putLong(count + 1).array());
            }
            context.forward(request.withKey(REPLY_TO).withValue(id));
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replies.close();
        producer.close(Duration.ofSeconds(5));
        streams.close(Duration.ofSeconds(30));
    }
}
