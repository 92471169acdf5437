package io.innflow.api.reservation;

import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.topics.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    private final TopicPartition replyPartition;
    private final AtomicLong readerPosition = new AtomicLong(-1);
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong overloads = new AtomicLong();

    public ReservationFacade(String bootstrapServers, String replyTo, Topics topics, Duration timeout, int maxWaiters) {
        this(
                replyTo,
                topics.commands().name(),
                topics.results().name(),
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "facade-" + replyTo,
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.LINGER_MS_CONFIG,
                                0,
                                // send() blocks only without metadata or with a full buffer: metadata is
                                // fetched at construction, so keep even that wait short.
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                Math.max(timeout.toMillis(), MIN_BLOCK_MS)),
                        topics.commands().keySerde().serializer(),
                        topics.commands().valueSerde().serializer()),
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.CLIENT_ID_CONFIG,
                                "facade-results-" + replyTo,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                IsolationLevel.READ_COMMITTED.toString().toLowerCase(),
                                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                false,
                                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                                10),
                        topics.results().keySerde().deserializer(),
                        topics.results().valueSerde().deserializer()),
                timeout,
                maxWaiters);
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
        this.replyPartition = new TopicPartition(resultsTopic, replyPartition(replyTo, partitionCount));
        List<TopicPartition> partitions = List.of(replyPartition);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the positions now, so no result of a command sent after construction is skipped.
        readerPosition.set(consumer.position(replyPartition));
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

    /** The one partition of {@code reservation-results} this node reads (its reply address's). */
    public TopicPartition replyPartition() {
        return replyPartition;
    }

    /** The reader's position in {@link #replyPartition()} after its last poll, for its lag. */
    public long readerPosition() {
        return readerPosition.get();
    }

    /** Whether the result reader thread is alive: without it every write ends in a timeout (202). */
    public boolean readerRunning() {
        return reader.isAlive();
    }

    /** Requests that timed out waiting for their result (answered 202) since start. */
    public long timeouts() {
        return timeouts.get();
    }

    /** Requests refused because too many already waited (answered 503) since start. */
    public long overloads() {
        return overloads.get();
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
            overloads.incrementAndGet();
            return CompletableFuture.failedFuture(new OverloadedException(maxWaiters));
        }
        String requestId = command.getRequestId();
        CompletableFuture<ReservationResult> created = new CompletableFuture<>();
        CompletableFuture<ReservationResult> waiter = waiters.putIfAbsent(requestId, created);
        if (waiter == null) {
            waiter = created;
            created.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((result, error) -> {
                waiters.remove(requestId, created);
                if (error instanceof java.util.concurrent.TimeoutException) {
                    timeouts.incrementAndGet();
                }
            });
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
                var records = consumer.poll(Duration.ofMillis(500));
                readerPosition.set(consumer.position(replyPartition));
                for (ConsumerRecord<String, ReservationResult> record : records) {
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

    /** Binds the facade's producer and consumer client metrics, waiters, timeouts and overloads. */
    public List<AutoCloseable> bindMetrics(MeterRegistry registry) {
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
        KafkaClientMetrics consumerMetrics = new KafkaClientMetrics(consumer);
        producerMetrics.bindTo(registry);
        consumerMetrics.bindTo(registry);
        Gauge.builder("innflow.facade.waiters", this, ReservationFacade::pending)
                .description("requests waiting for their command's result")
                .register(registry);
        FunctionCounter.builder("innflow.facade.timeouts", timeouts, AtomicLong::get)
                .description("requests answered 202 because their result did not come in time")
                .register(registry);
        FunctionCounter.builder("innflow.facade.overloads", overloads, AtomicLong::get)
                .description("requests answered 503 because too many already waited")
                .register(registry);
        Gauge.builder("innflow.facade.reader.running", this, f -> f.readerRunning() ? 1 : 0)
                .description("1 while the result reader runs; 0 means writes cannot be answered")
                .register(registry);
        return List.of(producerMetrics, consumerMetrics);
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
