package io.innflow.api.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.innflow.api.http.Principal;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationResult;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every waiter of the facade ends, by its result, its timeout, a send failure or shutdown, and is removed. */
@Timeout(60)
class ReservationFacadeWaitersTest {

    private static final String COMMANDS = "reservation-commands";
    private static final String RESULTS = "reservation-results";
    private static final String NODE = "node-test";
    private static final int RESULT_PARTITIONS = 6;

    private final GatedProducer producer = new GatedProducer();
    private final ResultsConsumer consumer = new ResultsConsumer();
    private final TopicPartition replyPartition =
            new TopicPartition(RESULTS, ReservationFacade.replyPartition(NODE, RESULT_PARTITIONS));
    private long nextOffset;
    private ReservationFacade facade;

    @AfterEach
    void close() {
        producer.open();
        if (facade != null) {
            facade.close();
        }
    }

    @Test
    void shouldReportTheReaderStoppedWhenReadingResultsFails() {
        // Given a facade whose reader runs
        facade = facade(Duration.ofSeconds(5), 10);
        assertThat(facade.readerRunning()).isTrue();

        // When reading results fails (a broken record, a fenced or closed consumer)
        consumer.setPollException(new org.apache.kafka.common.KafkaException("poison result"));
        synchronized (consumer) {
            consumer.notifyAll();
        }

        // Then the facade says its reader stopped, which readiness reports as DOWN
        await().atMost(Duration.ofSeconds(10)).until(() -> !facade.readerRunning());
    }

    @Test
    void shouldCountTimeoutsAndOverloads() {
        // Given a facade that lets two requests wait for 200 ms
        facade = facade(Duration.ofMillis(200), 2);

        // When three commands are sent and none is answered
        facade.submit(command("t-1"));
        facade.submit(command("t-2"));
        facade.submit(command("t-3"));
        acknowledgeSends(2);

        // Then the third is an overload, and the first two (sent, never answered) time out
        assertThat(facade.overloads()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> facade.timeouts() == 2);
        assertThat(facade.pending()).isZero();
    }

    @Test
    void shouldLeaveNoWaiterAfterABurstWhereSomeAnswersArriveAndOthersTimeOut() {
        // Given a facade whose waiters time out after 300 ms
        facade = facade(Duration.ofMillis(300), 10_000);

        // When a burst of 500 commands is sent and only every other one gets its result
        List<CompletableFuture<ReservationResult>> answers = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            answers.add(facade.submit(command("req-" + i)));
        }
        assertThat(facade.pending()).isEqualTo(500);
        acknowledgeSends(500);
        IntStream.range(0, 500).filter(i -> i % 2 == 0).forEach(i -> answer("req-" + i));

        // Then every waiter ends: half with their result, half with a timeout, and none is left
        await().atMost(Duration.ofSeconds(10)).until(() -> answers.stream().allMatch(CompletableFuture::isDone));
        await().atMost(Duration.ofSeconds(5)).until(() -> facade.pending() == 0);
        for (int i = 0; i < 500; i++) {
            CompletableFuture<ReservationResult> answer = answers.get(i);
            if (i % 2 == 0) {
                assertThat(answer.join().getRequestId()).isEqualTo("req-" + i);
            } else {
                assertThat(answer).isCompletedExceptionally();
                assertThat(cause(answer)).isInstanceOf(TimeoutException.class);
            }
        }
    }

    @Test
    void shouldIgnoreResultsThatArriveAfterTheirWaiterTimedOut() {
        facade = facade(Duration.ofMillis(300), 100);
        CompletableFuture<ReservationResult> answer = timedOutAfterKafkaTookIt("late");

        answer("late");
        answer("never-asked");

        await().atMost(Duration.ofSeconds(5)).until(() -> consumer.drained());
        assertThat(facade.pending()).isZero();
        assertThat(cause(answer)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void shouldEndTheWaiterWhenTheCommandCannotBeSent() {
        facade = facade(Duration.ofSeconds(30), 100);

        CompletableFuture<ReservationResult> answer = facade.submit(command("broken"));
        await().atMost(Duration.ofSeconds(5)).until(() -> producer.errorNext(new IllegalStateException("broker gone")));

        await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
        assertThat(cause(answer)).isInstanceOf(ReservationFacade.NotSentException.class);
        assertThat(cause(answer).getCause()).hasMessage("broker gone");
        assertThat(facade.pending()).isZero();
    }

    @Test
    void shouldNotBlockTheCallerWhileKafkaDoesNotTakeTheCommand() {
        // Given a producer whose send() blocks, as it does for max.block.ms without metadata or buffer
        facade = facade(Duration.ofMillis(300), 100);
        producer.close(1);

        // When a command is submitted, the caller gets its future at once
        CompletableFuture<ReservationResult> answer =
                assertTimeoutPreemptively(Duration.ofSeconds(1), () -> facade.submit(command("blocked")));

        // Then, as Kafka never took the command, the answer says it was not sent (not "pending")
        await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
        assertThat(cause(answer)).isInstanceOf(ReservationFacade.NotSentException.class);
        assertThat(facade.pending()).isZero();
    }

    @Test
    void shouldAnswerUnsentRatherThanPendingWhenTheBrokerNeverAcknowledges() {
        // Given a broker that never acknowledges a send
        facade = facade(Duration.ofMillis(200), 100);
        CommandService service = new CommandService(facade);
        LocalDate night = LocalDate.of(2027, 1, 10);

        // When a hold is submitted and its waiter times out
        CommandOutcome outcome = service.submit(
                        Principal.guest("guest-1"),
                        "h1",
                        "key-1",
                        new PlaceHold("std", night, night.plusDays(1), 1, null, null))
                .join();

        // Then the caller is told to retry (503), not that the command is on its way (202)
        assertThat(outcome).isInstanceOf(CommandOutcome.Unsent.class);
        assertThat(facade.pending()).isZero();
    }

    @Test
    void shouldAnswerPendingOnceTheBrokerAcknowledgedTheCommand() {
        facade = facade(Duration.ofMillis(500), 100);
        CommandService service = new CommandService(facade);
        LocalDate night = LocalDate.of(2027, 1, 10);

        CompletableFuture<CommandOutcome> outcome = service.submit(
                Principal.guest("guest-1"),
                "h1",
                "key-2",
                new PlaceHold("std", night, night.plusDays(1), 1, null, null));
        acknowledgeSends(1);

        assertThat(outcome.join()).isInstanceOf(CommandOutcome.Pending.class);
    }

    @Test
    void shouldRefuseBeyondTheBoundAndAcceptAgainOnceWaitersEnd() {
        facade = facade(Duration.ofSeconds(30), 3);
        for (int i = 0; i < 3; i++) {
            facade.submit(command("bounded-" + i));
        }

        CompletableFuture<ReservationResult> refused = facade.submit(command("one-too-many"));

        assertThat(cause(refused)).isInstanceOf(ReservationFacade.OverloadedException.class);
        assertThat(facade.pending()).isEqualTo(3);
        answer("bounded-0");
        await().atMost(Duration.ofSeconds(5)).until(() -> facade.pending() == 2);
        assertThat(facade.submit(command("fits-again"))).isNotDone();
    }

    @Test
    void shouldCountACommandAnswered202AgainstTheBoundUntilItsResultArrives() {
        // Given a facade that lets two requests wait, and a command Kafka took whose result did not come in time
        facade = facade(Duration.ofMillis(300), 2);
        CompletableFuture<ReservationResult> late = timedOutAfterKafkaTookIt("late-1");
        assertThat(cause(late)).isInstanceOf(TimeoutException.class);
        assertThat(facade.pending()).isZero();
        assertThat(facade.overdue()).isEqualTo(1);

        // When two more requests come while it is still queued for the topology
        CompletableFuture<ReservationResult> waiting = facade.submit(command("late-2"));
        CompletableFuture<ReservationResult> refused = facade.submit(command("late-3"));

        // Then the first fits (one waiting, one answered 202) and the second is refused, not queued behind it
        assertThat(waiting).isNotDone();
        assertThat(cause(refused)).isInstanceOf(ReservationFacade.OverloadedException.class);

        // And once the late result arrives, its slot is free again
        answer("late-1");
        await().atMost(Duration.ofSeconds(5)).until(() -> facade.overdue() == 0);
        assertThat(facade.submit(command("fits-again"))).isNotDone();
    }

    @Test
    void shouldForgetACommandAnswered202WhoseResultNeverComesOnceItsTimeIsUp() {
        // Given a command answered 202 whose result never comes
        facade = facade(Duration.ofMillis(300), 2);
        timedOutAfterKafkaTookIt("lost");
        long forget =
                ReservationFacade.forgetOverdueAfter(Duration.ofMillis(300)).toNanos();

        // When the timer's sweep runs before its time is up, and after
        facade.forgetOverdue(System.nanoTime());
        assertThat(facade.overdue()).isEqualTo(1);
        facade.forgetOverdue(System.nanoTime() + forget + 1);

        // Then it no longer holds a slot of the bound
        assertThat(facade.overdue()).isZero();
    }

    @Test
    void shouldCountACommandAnswered202ForTwelveTimeoutsAndAtLeastAMinute() {
        assertThat(ReservationFacade.forgetOverdueAfter(Duration.ofSeconds(5))).isEqualTo(Duration.ofMinutes(1));
        assertThat(ReservationFacade.forgetOverdueAfter(Duration.ofSeconds(30))).isEqualTo(Duration.ofMinutes(6));
        assertThat(ReservationFacade.forgetOverdueAfter(Duration.ofMillis(300))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldShareOneWaiterBetweenConcurrentRetriesOfOneRequest() {
        facade = facade(Duration.ofSeconds(30), 100);

        CompletableFuture<ReservationResult> first = facade.submit(command("same"));
        CompletableFuture<ReservationResult> retry = facade.submit(command("same"));
        assertThat(facade.pending()).isEqualTo(1);
        answer("same");

        await().atMost(Duration.ofSeconds(5)).until(() -> first.isDone() && retry.isDone());
        assertThat(retry.join().getRequestId()).isEqualTo("same");
        assertThat(facade.pending()).isZero();
    }

    @Test
    void shouldGiveEachHotelItsOwnResultWhenOneRequestIdIsUsedAtTwoHotelsAtOnce() {
        // Given the same request id sent to two hotels at once
        facade = facade(Duration.ofSeconds(30), 100);
        CompletableFuture<ReservationResult> atH1 = facade.submit(command("shared-key", "h1"));
        CompletableFuture<ReservationResult> atH2 = facade.submit(command("shared-key", "h2"));

        // When only the second hotel's result arrives
        answer("shared-key", "h2");

        // Then its caller gets it, and the first hotel's caller still waits for its own
        await().atMost(Duration.ofSeconds(5)).until(atH2::isDone);
        assertThat(atH2.join().getHotelId()).isEqualTo("h2");
        assertThat(atH1).isNotDone();
        answer("shared-key", "h1");
        await().atMost(Duration.ofSeconds(5)).until(atH1::isDone);
        assertThat(atH1.join().getHotelId()).isEqualTo("h1");
        assertThat(facade.pending()).isZero();
    }

    @Test
    void shouldSkipAnUnreadableResultAndAnswerTheNextOnes() {
        // Given a facade waiting for a result
        facade = facade(Duration.ofSeconds(30), 100);
        CompletableFuture<ReservationResult> answer = facade.submit(command("after-poison"));

        // When a record that cannot be deserialised lands on its reply partition before the result
        consumer.poison(nextOffset++);
        answer("after-poison");

        // Then the reader skips it, counts it, keeps running, and the waiter gets its result
        await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
        assertThat(answer.join().getRequestId()).isEqualTo("after-poison");
        assertThat(facade.skippedResults()).isEqualTo(1);
        assertThat(facade.readerRunning()).isTrue();
    }

    @Test
    void shouldKeepReadingAfterThePollFails() {
        // Given a facade waiting for a result
        facade = facade(Duration.ofSeconds(30), 100);
        CompletableFuture<ReservationResult> answer = facade.submit(command("after-failure"));

        // When a poll fails (the broker connection broke, say)
        consumer.failNextPoll(new KafkaException("connection to the broker lost"));
        answer("after-failure");

        // Then the reader starts again after a pause and the waiter still gets its result
        await().atMost(Duration.ofSeconds(10)).until(answer::isDone);
        assertThat(answer.join().getRequestId()).isEqualTo("after-failure");
        await().atMost(Duration.ofSeconds(5)).until(facade::readerRunning);
    }

    @Test
    void shouldReportTheReaderStoppedAfterShutdown() {
        facade = facade(Duration.ofSeconds(30), 100);
        await().atMost(Duration.ofSeconds(5)).until(facade::readerRunning);

        facade.close();

        assertThat(facade.readerRunning()).isFalse();
        facade = null;
    }

    @Test
    void shouldEndEveryWaiterOnShutdown() {
        facade = facade(Duration.ofSeconds(30), 100);
        List<CompletableFuture<ReservationResult>> answers = IntStream.range(0, 20)
                .mapToObj(i -> facade.submit(command("shutdown-" + i)))
                .toList();

        facade.close();

        assertThat(answers).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(facade.pending()).isZero();
        facade = null;
    }

    /** Acknowledges the next {@code count} sends as the broker would, once they were handed to the producer. */
    /** A command Kafka acknowledged whose result did not come in time: its answer, once timed out (202). */
    private CompletableFuture<ReservationResult> timedOutAfterKafkaTookIt(String requestId) {
        CompletableFuture<ReservationResult> answer = facade.submit(command(requestId));
        acknowledgeSends(1);
        await().atMost(Duration.ofSeconds(5)).until(answer::isDone);
        return answer;
    }

    private void acknowledgeSends(int count) {
        int[] done = {0};
        await().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> {
                    while (done[0] < count && producer.completeNext()) {
                        done[0]++;
                    }
                    return done[0] == count;
                });
    }

    private ReservationFacade facade(Duration timeout, int maxWaiters) {
        return new ReservationFacade(NODE, COMMANDS, RESULTS, producer, consumer, timeout, maxWaiters);
    }

    private void answer(String requestId) {
        answer(requestId, "h1");
    }

    private void answer(String requestId, String hotelId) {
        ReservationResult result = ReservationResult.newBuilder()
                .setRequestId(requestId)
                .setHotelId(hotelId)
                .setAccepted(true)
                .setProcessedAt(Instant.now())
                .build();
        consumer.addRecord(
                new ConsumerRecord<>(replyPartition.topic(), replyPartition.partition(), nextOffset++, NODE, result));
    }

    private static ReservationCommand command(String requestId) {
        return command(requestId, "h1");
    }

    private static ReservationCommand command(String requestId, String hotelId) {
        LocalDate night = LocalDate.of(2027, 1, 10);
        return ReservationCommand.newBuilder()
                .setRequestId(requestId)
                .setFingerprint("f")
                .setReplyTo(NODE)
                .setHotelId(hotelId)
                .setIssuedAt(Instant.now())
                .setCommand(new PlaceHold("std", night, night.plusDays(1), 1, null, null))
                .build();
    }

    private static Throwable cause(CompletableFuture<?> future) {
        try {
            future.join();
            throw new AssertionError("completed normally");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    private static Cluster cluster() {
        Node broker = new Node(0, "localhost", 9092);
        List<PartitionInfo> partitions = IntStream.range(0, 6)
                .mapToObj(p -> new PartitionInfo(COMMANDS, p, broker, new Node[] {broker}, new Node[] {broker}))
                .toList();
        return new Cluster("test", List.of(broker), partitions, java.util.Set.of(), java.util.Set.of());
    }

    /** The reply partition as a real consumer sees it; poll waits for records like a real one does. */
    private final class ResultsConsumer extends MockConsumer<String, ReservationResult> {

        ResultsConsumer() {
            super("latest");
            List<PartitionInfo> partitions = IntStream.range(0, RESULT_PARTITIONS)
                    .mapToObj(p -> new PartitionInfo(RESULTS, p, null, new Node[0], new Node[0]))
                    .toList();
            updatePartitions(RESULTS, partitions);
            Map<TopicPartition, Long> ends = new java.util.HashMap<>();
            partitions.forEach(p -> ends.put(new TopicPartition(RESULTS, p.partition()), 0L));
            updateEndOffsets(ends);
        }

        @Override
        public synchronized ConsumerRecords<String, ReservationResult> poll(Duration timeout) {
            ConsumerRecords<String, ReservationResult> records = super.poll(Duration.ZERO);
            if (records.isEmpty()) {
                try {
                    wait(timeout.toMillis()); // released by addRecord or wakeup
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                records = super.poll(Duration.ZERO);
            }
            return records;
        }

        @Override
        public synchronized void addRecord(ConsumerRecord<String, ReservationResult> record) {
            super.addRecord(record);
            notifyAll();
        }

        /** A record at {@code offset} whose value cannot be deserialised, as a real consumer reports it. */
        synchronized void poison(long offset) {
            failNextPoll(new RecordDeserializationException(
                    RecordDeserializationException.DeserializationExceptionOrigin.VALUE,
                    replyPartition,
                    offset,
                    0L,
                    TimestampType.CREATE_TIME,
                    null,
                    ByteBuffer.wrap(new byte[] {1, 2, 3}),
                    new RecordHeaders(),
                    "not a result",
                    new SerializationException("Unknown magic byte")));
        }

        synchronized void failNextPoll(KafkaException failure) {
            setPollException(failure);
            notifyAll();
        }

        @Override
        public synchronized void wakeup() {
            super.wakeup();
            notifyAll();
        }

        synchronized boolean drained() {
            return position(replyPartition) == nextOffset;
        }
    }

    /** A producer whose send() can be made to block, as a real one does while it waits for metadata. */
    private static final class GatedProducer extends MockProducer<String, ReservationCommand> {

        private volatile CountDownLatch gate = new CountDownLatch(0);

        GatedProducer() {
            super(cluster(), false, new FirstPartition(), new StringSerializer(), (topic, command) -> new byte[0]);
        }

        void close(int count) {
            gate = new CountDownLatch(count);
        }

        void open() {
            gate.countDown();
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, ReservationCommand> record, Callback callback) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.send(record, callback);
        }
    }

    /** Every command to partition 0: where commands go does not matter here. */
    private static final class FirstPartition implements Partitioner {
        @Override
        public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster c) {
            return 0;
        }

        @Override
        public void close() {}

        @Override
        public void configure(Map<String, ?> configs) {}
    }
}
