package io.innflow.api.reservation;

import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.KafkaClientSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The synchronous request/response facade over Kafka: sends a command keyed by hotel and completes
 * when the topology's result, committed in the same transaction as the state it reports, comes back.
 *
 * <p>Results are keyed by the reply address (this node's id). This node reads them with
 * read_committed and completes the waiter of each request id. Waiters are bounded; each one is
 * completed by its result, by its timeout or by shutdown, and is always removed.
 */
public final class ReservationFacade implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReservationFacade.class);

    private static final long MIN_BLOCK_MS = 5_000;

    private final String replyTo;
    private final String commandsTopic;
    private final Duration timeout;
    private final int maxWaiters;
    private final Producer<String, ReservationCommand> producer;
    private final Consumer<String, ReservationResult> consumer;
    private final int commandPartitions;
    private final Map<String, CompletableFuture<ReservationResult>> waiters = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    public ReservationFacade(String bootstrapServers, String replyTo, Topics topics, Duration timeout, int maxWaiters) {
        this(KafkaClientSettings.none(), bootstrapServers, replyTo, topics, timeout, maxWaiters);
    }

    /** With the node's pass-through Kafka client settings (security, for example) on both clients. */
    public ReservationFacade(
            KafkaClientSettings clients,
            String bootstrapServers,
            String replyTo,
            Topics topics,
            Duration timeout,
            int maxWaiters) {
        this(
                replyTo,
                topics.commands().name(),
                topics.results().name(),
                new KafkaProducer<>(
                        producerConfig(clients, bootstrapServers, replyTo, timeout),
                        topics.commands().keySerde().serializer(),
                        topics.commands().valueSerde().serializer()),
                new KafkaConsumer<>(
                        consumerConfig(clients, bootstrapServers, replyTo),
                        topics.results().keySerde().deserializer(),
                        topics.results().valueSerde().deserializer()),
                timeout,
                maxWaiters);
    }

    /** The producer's config: the pass-through settings, then the facade's own. */
    static Map<String, Object> producerConfig(
            KafkaClientSettings clients, String bootstrapServers, String replyTo, Duration timeout) {
        Map<String, Object> config = clients.clientConfig(bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "facade-" + replyTo);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // send() blocks only without metadata or with a full buffer: metadata is fetched at
        // construction, so keep even that wait short.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(timeout.toMillis(), MIN_BLOCK_MS));
        return config;
    }

    /** The results consumer's config: the pass-through settings, then the facade's own. */
    static Map<String, Object> consumerConfig(KafkaClientSettings clients, String bootstrapServers, String replyTo) {
        Map<String, Object> config = clients.clientConfig(bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "facade-results-" + replyTo);
        config.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        return config;
    }

    /** With given clients: the public constructor's, or test doubles. */
    ReservationFacade(
            String replyTo,
            String commandsTopic,
            String resultsTopic,
            Producer<String, ReservationCommand> producer,
            Consumer<String, ReservationResult> consumer,
            Duration timeout,
            int maxWaiters) {
        this.replyTo = replyTo;
        this.commandsTopic = commandsTopic;
        this.timeout = timeout;
        this.maxWaiters = maxWaiters;
        this.producer = producer;
        this.consumer = consumer;
        // Also fetches the topic's metadata now, so that sending a command never waits for it.
        this.commandPartitions = producer.partitionsFor(commandsTopic).size();
        // Results are keyed by reply address and partitioned by the default partitioner (murmur2 of
        // the key), so this node's results all land in one partition: read only that one.
        int partitionCount =
                consumer.partitionsFor(resultsTopic, Duration.ofSeconds(30)).size();
        List<TopicPartition> partitions =
                List.of(new TopicPartition(resultsTopic, replyPartition(replyTo, partitionCount)));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the positions now, so no result of a command sent after construction is skipped.
        partitions.forEach(consumer::position);
        reader = new Thread(this::readResults, "facade-results-" + replyTo);
        reader.setDaemon(true);
        reader.start();
    }

    /** Thrown when too many requests already wait for their results. */
    public static final class OverloadedException extends RuntimeException {
        OverloadedException(int bound) {
            super("More than " + bound + " requests are waiting for results");
        }
    }

    /** The partition of {@code reservation-results} that holds the results addressed to {@code replyTo}. */
    static int replyPartition(String replyTo, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(replyTo.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }

    /** The reply address this facade stamps on commands. */
    public String replyTo() {
        return replyTo;
    }

    /** Partition count of {@code reservation-commands}, which every hotel-keyed store follows. */
    public int commandPartitions() {
        return commandPartitions;
    }

    /** How many requests wait for a result right now. */
    public int pending() {
        return waiters.size();
    }

    /**
     * Sends a command and returns its result; completes exceptionally with a {@link
     * java.util.concurrent.TimeoutException} when no result arrives in time. Never blocks the caller.
     */
    public CompletableFuture<ReservationResult> submit(ReservationCommand command) {
        if (waiters.size() >= maxWaiters) {
            return CompletableFuture.failedFuture(new OverloadedException(maxWaiters));
        }
        String requestId = command.getRequestId();
        CompletableFuture<ReservationResult> created = new CompletableFuture<>();
        CompletableFuture<ReservationResult> waiter = waiters.putIfAbsent(requestId, created);
        if (waiter == null) {
            waiter = created;
            created.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((result, error) -> waiters.remove(requestId, created));
        }
        CompletableFuture<ReservationResult> answer = waiter;
        try {
            producer.send(new ProducerRecord<>(commandsTopic, command.getHotelId(), command), (metadata, error) -> {
                if (error != null) {
                    answer.completeExceptionally(error);
                }
            });
        } catch (RuntimeException e) {
            // Failed before it was sent (closed, serialisation, no metadata in time): end the waiter now.
            answer.completeExceptionally(e);
        }
        // The caller sees the end only once the waiter is gone, so pending() never counts an answered request.
        return answer.whenComplete((result, error) -> waiters.remove(requestId, answer));
    }

    private void readResults() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, ReservationResult> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!replyTo.equals(record.key()) || record.value() == null) {
                        continue;
                    }
                    CompletableFuture<ReservationResult> waiter =
                            waiters.get(record.value().getRequestId());
                    if (waiter != null) {
                        waiter.complete(record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("Result reader of {} stopped", replyTo, e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
        waiters.values().forEach(w -> w.completeExceptionally(new IllegalStateException("Node is shutting down")));
        waiters.clear();
    }
}
