package io.innflow.notifier;

import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.topics.Topic;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier's consumer of {@code reservation-events}: its own group, committed transactions only.
 * Each polled batch goes into the {@link Outbox} with its offsets in one database transaction; on
 * assignment the consumer seeks to the offsets stored there. Kafka gets a copy of the offsets after
 * each batch, only so that lag dashboards see the group.
 */
final class EventConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

    private final KafkaConsumer<String, ReservationEvent> consumer;
    private final Topic<String, ReservationEvent> topic;
    private final Outbox outbox;
    private volatile boolean running = true;

    EventConsumer(NotifierSettings settings, Topic<String, ReservationEvent> topic, Outbox outbox) {
        this.topic = topic;
        this.outbox = outbox;
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                settings.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG,
                settings.groupId() + "-events",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                settings.startAt(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                200);
        Deserializer<ReservationEvent> values = topic.valueSerde().deserializer();
        this.consumer = new KafkaConsumer<>(config, topic.keySerde().deserializer(), values);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic.name()), new SeekToStoredOffsets());
            while (running) {
                ConsumerRecords<String, ReservationEvent> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (RecordDeserializationException e) {
                    skip(e);
                    continue;
                }
                if (records.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<String, ReservationEvent>> batch = new ArrayList<>(records.count());
                records.forEach(batch::add);
                Outbox.Applied applied = applyWithRetry(batch);
                if (applied.composed() > 0 || applied.forgotten() > 0) {
                    log.info(
                            "{} events: {} emails queued, {} reminders dropped; next offsets {}",
                            batch.size(),
                            applied.composed(),
                            applied.forgotten(),
                            applied.nextOffsets());
                }
                consumer.commitAsync(
                        applied.nextOffsets().entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue()))),
                        (offsets, e) -> {
                            if (e != null) {
                                log.debug(
                                        "Copying offsets to Kafka failed (the database keeps them): {}", e.toString());
                            }
                        });
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * A database that is briefly unreachable must not skip events: the batch is applied again until it
     * succeeds or the notifier stops (then the next start reads it again from the stored offsets).
     */
    private Outbox.Applied applyWithRetry(List<ConsumerRecord<String, ReservationEvent>> batch)
            throws InterruptedException {
        long delayMs = 200;
        while (true) {
            try {
                return outbox.apply(batch);
            } catch (SQLException e) {
                if (!running) {
                    throw new WakeupException();
                }
                log.warn(
                        "Writing {} events to the outbox failed ({}); retrying in {} ms",
                        batch.size(),
                        e.getSQLState(),
                        delayMs);
                Thread.sleep(delayMs);
                delayMs = Math.min(delayMs * 2, 10_000);
            }
        }
    }

    /** A record that cannot be read is skipped, with its coordinates logged and the skip stored. */
    private void skip(RecordDeserializationException e) throws InterruptedException {
        log.error(
                "Skipping the unreadable record at {} offset {}: {}",
                e.topicPartition(),
                e.offset(),
                e.getCause() == null ? e.toString() : e.getCause().toString());
        storeWithRetry(e.topicPartition(), e.offset() + 1);
        consumer.seek(e.topicPartition(), e.offset() + 1);
    }

    private void storeWithRetry(TopicPartition tp, long next) throws InterruptedException {
        while (true) {
            try {
                outbox.storeOffset(tp, next);
                return;
            } catch (SQLException e) {
                if (!running) {
                    throw new WakeupException();
                }
                log.warn("Storing the offset of {} failed ({}); retrying", tp, e.getSQLState());
                Thread.sleep(1000);
            }
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                Map<TopicPartition, Long> stored = outbox.storedOffsets(partitions);
                stored.forEach(consumer::seek);
                log.info(
                        "Assigned {} partitions; {} resume from offsets stored with the outbox",
                        partitions.size(),
                        stored.size());
            } catch (SQLException e) {
                // Without the stored offsets the consumer could skip events: fail the poll, the loop stops.
                throw new IllegalStateException("Cannot read the notifier's stored offsets: " + e.getSQLState(), e);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // Each batch is in the database before the next poll: nothing is pending here.
        }
    }
}
