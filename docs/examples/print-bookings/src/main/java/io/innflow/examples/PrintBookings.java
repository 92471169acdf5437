package io.innflow.examples;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints bookings as they happen, reading {@code reservation-events} the way any downstream service
 * can: Kafka clients, Avro and the registry's Confluent-compatible API (see docs/events.md).
 *
 * <pre>
 * PrintBookings [--bootstrap host:port] [--registry http://host:port] [--from-beginning]
 * </pre>
 */
public final class PrintBookings {

    private static final String TOPIC = "reservation-events";
    // Delivery is at least once to a non-transactional consumer: remember recent event ids.
    private static final int SEEN_EVENT_IDS = 100_000;

    private PrintBookings() {}

    public static void main(String[] args) {
        Map<String, String> options = options(args);
        String bootstrap = options.getOrDefault("--bootstrap", "127.0.0.1:9092");
        String registry = options.getOrDefault("--registry", "http://127.0.0.1:8081");
        boolean fromBeginning = options.containsKey("--from-beginning");

        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // A fresh group each run: this example reads, it does not keep a position.
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "print-bookings-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        // Events are written in transactions: see only committed ones.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");

        ConfluentWireFormat wire = new ConfluentWireFormat(registry);
        Map<String, Boolean> seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > SEEN_EVENT_IDS;
            }
        };
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                consumer.wakeup();
                try {
                    main.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            consumer.subscribe(List.of(TOPIC));
            System.out.println("Reading " + TOPIC + " from " + bootstrap + " (schemas from " + registry + ")");
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    GenericRecord event = wire.decode(record.value()).value();
                    if (seen.put(event.get("eventId").toString(), Boolean.TRUE) == null) {
                        describe(event).ifPresent(System.out::println);
                    }
                }
            }
        } catch (WakeupException e) {
            // Ctrl-C: the shutdown hook woke the consumer; close it and end.
        }
    }

    /** One line per booking event, e.g. {@code BookingConfirmed hotel-1 b-42 std 2027-03-01..2027-03-03 x2 51000 EUR}. */
    static java.util.Optional<String> describe(GenericRecord event) {
        GenericRecord payload = (GenericRecord) event.get("payload");
        GenericRecord booking =
                payload.getSchema().getField("booking") != null ? (GenericRecord) payload.get("booking") : null;
        if (booking == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(
                "%-18s %s %s %s %s..%s x%s %s %s",
                payload.getSchema().getName(),
                booking.get("hotelId"),
                booking.get("bookingId"),
                booking.get("roomTypeId"),
                LocalDate.ofEpochDay((Integer) booking.get("checkIn")),
                LocalDate.ofEpochDay((Integer) booking.get("checkOut")),
                booking.get("quantity"),
                booking.get("totalMinor"),
                booking.get("currency")));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--from-beginning")) {
                options.put(arg, "true");
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                options.put(arg, args[++i]);
            } else {
                throw new IllegalArgumentException(
                        "usage: PrintBookings [--bootstrap host:port] [--registry url] [--from-beginning]; got " + arg);
            }
        }
        return options;
    }
}
