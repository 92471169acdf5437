package io.innflow.api.reservation;

import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.KafkaClientSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
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
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long because the waiters, the sender thread and the supervised reader share one lifecycle and must end together.
 *
 * The synchronous request/response facade over Kafka: sends a command keyed by hotel and completes
 * when the topology's result, committed in the same transaction as the state it reports, comes back.
 *
 * <p>Results are keyed by the reply address (this node's id). This node reads them with
 * read_committed and completes the waiter of each hotel and request id. Waiters are bounded; each one is
 * completed by its result, by its timeout or by shutdown, and is always removed.
 */
public final class ReservationFacade implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReservationFacade.class);

    private static final long MIN_BLOCK_MS = 5_000;
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final String replyTo;
    private final String commandsTopic;
    private final Duration timeout;
    private final int maxWaiters;
    private final Producer<String, ReservationCommand> producer;
    private final Consumer<String, ReservationResult> consumer;
    private final int commandPartitions;
    private final Map<String, Waiter> waiters = new ConcurrentHashMap<>();
    /**
     * Commands answered 202 whose result has not come back yet, by waiter key, with when they timed out
     * ({@link System#nanoTime()}). They are still queued for the topology, so they count against the bound
     * like waiters do: without them a topology that fell behind by more than the timeout would take new
     * commands for as long as clients sent them, every one answered 202, and its backlog would grow
     * without limit (docs/benchmarks.md, "1,024 clients on a cold JVM"). One whose result never comes is
     * forgotten after {@link #forgetOverdueNanos}.
     */
    private final Map<String, Long> overdue = new ConcurrentHashMap<>();

    private final long forgetOverdueNanos;
    private final ThreadPoolExecutor sender;
    /**
     * Runs the waiters' timeouts. CompletableFuture's own delayed executor hands every expired delay
     * to the common pool, which on a machine of two cores or fewer is a new thread per task: a thread
     * per request (docs/benchmarks.md). One timer thread, and a timeout is cancelled once answered.
     */
    private final ScheduledThreadPoolExecutor timer;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean readerHealthy = new AtomicBoolean(true);
    private final AtomicLong skipped = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread reader;
    private final TopicPartition replyPartition;
    private final AtomicLong readerPosition = new AtomicLong(-1);
    private final AtomicLong timeouts = new AtomicLong();
    private final AtomicLong overloads = new AtomicLong();

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
        this(clients, Tuning.DEFAULTS, bootstrapServers, replyTo, topics, timeout, maxWaiters);
    }

    /**
     * How the facade's clients trade latency for batching ({@code innflow.facade.*}).
     *
     * @param lingerMs the command producer's {@code linger.ms}
     * @param fetchMaxWaitMs the result reader's {@code fetch.max.wait.ms}
     */
    public record Tuning(int lingerMs, int fetchMaxWaitMs) {
        public static final Tuning DEFAULTS = new Tuning(0, 5);
    }

    /** Like the constructor above, with the clients tuned by {@code tuning}. */
    public ReservationFacade(
            KafkaClientSettings clients,
            Tuning tuning,
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
                        producerConfig(clients, bootstrapServers, replyTo, timeout, tuning),
                        topics.commands().keySerde().serializer(),
                        topics.commands().valueSerde().serializer()),
                new KafkaConsumer<>(
                        consumerConfig(clients, bootstrapServers, replyTo, tuning),
                        topics.results().keySerde().deserializer(),
                        topics.results().valueSerde().deserializer()),
                timeout,
                maxWaiters);
    }

    /** The producer's config: the pass-through settings, then the facade's own. */
    static Map<String, Object> producerConfig(
            KafkaClientSettings clients, String bootstrapServers, String replyTo, Duration timeout) {
        return producerConfig(clients, bootstrapServers, replyTo, timeout, Tuning.DEFAULTS);
    }

    static Map<String, Object> producerConfig(
            KafkaClientSettings clients, String bootstrapServers, String replyTo, Duration timeout, Tuning tuning) {
        Map<String, Object> config = clients.clientConfig(bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "facade-" + replyTo);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, tuning.lingerMs());
        // send() blocks only without metadata or with a full buffer: metadata is fetched at
        // construction, so keep even that wait short.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(timeout.toMillis(), MIN_BLOCK_MS));
        return config;
    }

    /** The results consumer's config: the pass-through settings, then the facade's own. */
    static Map<String, Object> consumerConfig(KafkaClientSettings clients, String bootstrapServers, String replyTo) {
        return consumerConfig(clients, bootstrapServers, replyTo, Tuning.DEFAULTS);
    }

    static Map<String, Object> consumerConfig(
            KafkaClientSettings clients, String bootstrapServers, String replyTo, Tuning tuning) {
        Map<String, Object> config = clients.clientConfig(bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "facade-results-" + replyTo);
        config.put(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, tuning.fetchMaxWaitMs());
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
        this.replyPartition = new TopicPartition(resultsTopic, replyPartition(replyTo, partitionCount));
        List<TopicPartition> partitions = List.of(replyPartition);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the positions now, so no result of a command sent after construction is skipped.
        readerPosition.set(consumer.position(replyPartition));
        // One thread keeps the producer's order; its queue is bounded like the waiters.
        sender = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(maxWaiters), task -> {
            Thread t = new Thread(task, "facade-sender-" + replyTo);
            t.setDaemon(true);
            return t;
        });
        timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "facade-timeouts-" + replyTo);
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        forgetOverdueNanos = forgetOverdueAfter(timeout).toNanos();
        timer.scheduleWithFixedDelay(() -> forgetOverdue(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
        reader = new Thread(this::readResults, "facade-results-" + replyTo);
        reader.setDaemon(true);
        reader.start();
    }

    /** Thrown when too many requests already wait for their results, or were answered 202 and still do. */
    public static final class OverloadedException extends RuntimeException {
        OverloadedException(int bound) {
            super("More than " + bound + " requests are waiting for results");
        }
    }

    /**
     * How long a command answered 202 counts against the bound if its result never comes: twelve request
     * timeouts, at least a minute. Long enough for a topology that fell behind to catch up, short enough
     * that a lost result does not hold a slot for good.
     */
    static Duration forgetOverdueAfter(Duration timeout) {
        Duration twelve = timeout.multipliedBy(12);
        return twelve.compareTo(Duration.ofMinutes(1)) > 0 ? twelve : Duration.ofMinutes(1);
    }

    /** Thrown when Kafka did not acknowledge a command: it may never have been sent. */
    public static final class NotSentException extends RuntimeException {
        NotSentException(String message, Throwable cause) {
            super(message, cause);
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

    /** Requests that timed out waiting for their result (answered 202) since start. */
    public long timeouts() {
        return timeouts.get();
    }

    /** Requests refused because too many already waited (answered 503) since start. */
    public long overloads() {
        return overloads.get();
    }

    /** True while the result reader polls; false once it stopped or while it waits to retry after a failure. */
    public boolean readerRunning() {
        return running.get() && readerHealthy.get() && reader.isAlive();
    }

    /** How many records of the reply partition could not be read and were skipped. */
    public long skippedResults() {
        return skipped.get();
    }

    /** How many requests wait for a result right now. */
    public int pending() {
        return waiters.size();
    }

    /** How many commands were answered 202 and have no result yet (each counts against the bound). */
    public int overdue() {
        return overdue.size();
    }

    /**
     * Forgets the commands answered 202 longer before {@code nowNanos} ({@link System#nanoTime()}) than
     * {@link #forgetOverdueAfter}; runs on the timer every second.
     */
    void forgetOverdue(long nowNanos) {
        overdue.values().removeIf(since -> nowNanos - since > forgetOverdueNanos);
    }

    /**
     * Sends a command and returns its result. Never blocks the caller: the command is handed to this
     * facade's sender thread. Completes exceptionally with a {@link java.util.concurrent.TimeoutException}
     * when Kafka acknowledged the command but no result arrived in time (it will be applied: poll it),
     * with a {@link NotSentException} when Kafka did not acknowledge it (in time or at all: retry with
     * the same request id), or with an {@link OverloadedException} beyond the bound.
     */
    public CompletableFuture<ReservationResult> submit(ReservationCommand command) {
        if (waiters.size() + overdue.size() >= maxWaiters) {
            overloads.incrementAndGet();
            return CompletableFuture.failedFuture(new OverloadedException(maxWaiters));
        }
        String key = waiterKey(command.getHotelId(), command.getRequestId());
        Waiter created = new Waiter();
        Waiter waiter = waiters.putIfAbsent(key, created);
        if (waiter == null) {
            waiter = created;
            ScheduledFuture<?> timing = schedule(created::timeOut, timeout.toMillis());
            created.result.whenComplete((result, error) -> {
                if (timing != null) {
                    timing.cancel(false);
                }
                if (error instanceof java.util.concurrent.TimeoutException) {
                    // Counted before the waiter goes, so the bound never misses it in between.
                    overdue.put(key, System.nanoTime());
                    timeouts.incrementAndGet();
                }
                waiters.remove(key, created);
            });
        }
        Waiter answer = waiter;
        try {
            sender.execute(() -> send(command, answer));
        } catch (RejectedExecutionException e) {
            // Shutting down, or more sends queued than waiters allowed: nothing was sent.
            answer.result.completeExceptionally(new OverloadedException(maxWaiters));
        }
        // The caller sees the end only once the waiter is gone, so pending() never counts an answered request.
        return answer.result.whenComplete((result, error) -> waiters.remove(key, answer));
    }

    /** Runs {@code task} after {@code delayMs} on the timer; null once the facade is closed (shutdown ends the waiters). */
    private ScheduledFuture<?> schedule(Runnable task, long delayMs) {
        try {
            return timer.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** On the sender thread, where send() may wait for metadata or buffer space without holding a request. */
    private void send(ReservationCommand command, Waiter waiter) {
        if (!waiter.sending()) {
            return; // already answered (a result, or "not sent" after the timeout): never send it late
        }
        try {
            producer.send(new ProducerRecord<>(commandsTopic, command.getHotelId(), command), (metadata, error) -> {
                if (error == null) {
                    waiter.acknowledged();
                } else {
                    waiter.result.completeExceptionally(new NotSentException("Kafka refused the command", error));
                }
            });
        } catch (RuntimeException e) {
            // Failed before it was sent (closed, serialisation, no metadata in time): end the waiter now.
            waiter.result.completeExceptionally(new NotSentException("The command could not be sent", e));
        }
    }

    /**
     * One request's waiter: its result, and how far its command got. At the timeout a command Kafka
     * acknowledged answers 202; one never handed to the producer answers 503 and is never sent late; one
     * in flight answers when Kafka decides (202 once acknowledged, 503 if refused or not acknowledged
     * within a second more), so a short timeout still gives an honest 202.
     */
    private final class Waiter {
        /** How long past the timeout a command in flight may take to be acknowledged before 503. */
        private static final Duration ACK_GRACE = Duration.ofSeconds(1);

        final CompletableFuture<ReservationResult> result = new CompletableFuture<>();
        private boolean sent;
        private boolean acknowledged;
        private boolean timedOut;

        /** True when the command may go to the producer now (the caller has not been answered). */
        synchronized boolean sending() {
            if (result.isDone()) {
                return false;
            }
            sent = true;
            return true;
        }

        synchronized void acknowledged() {
            acknowledged = true;
            if (timedOut) {
                result.completeExceptionally(new java.util.concurrent.TimeoutException("No result within " + timeout));
            }
        }

        synchronized void giveUp() {
            result.completeExceptionally(
                    new NotSentException("Kafka did not acknowledge the command within " + timeout, null));
        }

        synchronized void timeOut() {
            if (acknowledged) {
                result.completeExceptionally(new java.util.concurrent.TimeoutException("No result within " + timeout));
            } else if (sent) {
                timedOut = true;
                schedule(this::giveUp, ACK_GRACE.toMillis());
            } else {
                result.completeExceptionally(new NotSentException("The command was not sent within " + timeout, null));
            }
        }
    }

    /**
     * A waiter is keyed like the topology's request log: by hotel and request id. One request id used
     * at two hotels is two requests, and each caller must get its own hotel's result.
     */
    static String waiterKey(String hotelId, String requestId) {
        return hotelId + "|" + requestId;
    }

    /**
     * The reader's supervised loop: a record that cannot be read is skipped (logged with its
     * coordinates and counted), and any other failure is logged and polling starts again after a
     * growing pause, so one bad record or a broker hiccup never leaves every write answering 202.
     */
    private void readResults() {
        long backoffMs = MIN_BACKOFF_MS;
        try {
            while (running.get()) {
                try {
                    deliver(consumer.poll(Duration.ofMillis(500)));
                    readerPosition.set(consumer.position(replyPartition));
                    readerHealthy.set(true);
                    backoffMs = MIN_BACKOFF_MS;
                } catch (RecordDeserializationException e) {
                    skipped.incrementAndGet();
                    LOG.warn("Skipping unreadable result at {}:{}: {}", e.topicPartition(), e.offset(), e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                } catch (WakeupException e) {
                    if (running.get()) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    readerHealthy.set(false);
                    LOG.error("Result reader of {} failed; polling again in {} ms", replyTo, backoffMs, e);
                    if (closing.await(backoffMs, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            readerHealthy.set(false);
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
        Gauge.builder("innflow.facade.overdue", this, ReservationFacade::overdue)
                .description("commands answered 202 whose result has not come back yet")
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

    private void deliver(Iterable<ConsumerRecord<String, ReservationResult>> records) {
        for (ConsumerRecord<String, ReservationResult> record : records) {
            ReservationResult result = record.value();
            if (!replyTo.equals(record.key()) || result == null) {
                continue;
            }
            if (result.getHotelId() == null || result.getRequestId() == null) {
                skipped.incrementAndGet();
                LOG.warn(
                        "Skipping a result without hotel or request id at {}-{}:{}",
                        record.topic(),
                        record.partition(),
                        record.offset());
                continue;
            }
            String key = waiterKey(result.getHotelId(), result.getRequestId());
            Waiter waiter = waiters.get(key);
            if (waiter != null) {
                waiter.result.complete(result);
            }
            overdue.remove(key);
        }
    }

    @Override
    public void close() {
        running.set(false);
        closing.countDown();
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.shutdownNow();
        timer.shutdownNow();
        producer.close(Duration.ofSeconds(5));
        waiters.values()
                .forEach(w -> w.result.completeExceptionally(new IllegalStateException("Node is shutting down")));
        waiters.clear();
        overdue.clear();
    }
}
