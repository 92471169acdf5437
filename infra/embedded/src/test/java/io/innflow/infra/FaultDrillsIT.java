package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.innflow.infra.DrillChecker.Report;
import io.innflow.schemas.catalog.CatalogChange;
import io.innflow.schemas.catalog.RoomNightRow;
import io.innflow.schemas.reservation.CancelBooking;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault drills (docs/reliability.md#drills): two nodes, each a JVM of its own with one standby replica,
 * on one embedded broker, registry, PostgreSQL and Connect worker; guests hold, book and cancel
 * throughout ({@link DrillLoad}) while a fault is injected, and after each drill {@link DrillChecker}
 * compares every answer with the events and the stores. Each drill has hotels of its own (one per
 * partition), so one drill's findings never come from another's traffic.
 *
 * <p>Its own stack: it kills nodes and stops the Connect worker. {@code ./mvnw verify} runs the node
 * crash and the corrupt-command drills; {@code -Dinnflow.drills=all} adds the CDC outage and the
 * restarts (a minute or more each on a small machine).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FaultDrillsIT {

    private static final Logger log = LoggerFactory.getLogger(FaultDrillsIT.class);
    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(40);
    private static final int NIGHTS = DrillRun.NIGHTS;

    @TempDir
    static Path dir;

    private static EmbeddedStack stack;
    private static NodeProcess one;
    private static NodeProcess two;
    private static Topics topics;
    private static DrillRun run;
    private static final Map<String, List<String>> hotels = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        stack = EmbeddedStack.withoutNode(StackSettings.forTests(dir.resolve("stack")), null, Map.of());
        topics = Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()));
        run = new DrillRun(stack, stack.kafka().bootstrapServers(), FIRST);
        for (String drill : List.of("cdc", "crash", "restart", "poison", "poison-schema", "poison-catalog")) {
            hotels.put(drill, run.hotels(drill));
        }
        // One after the other: two nodes starting at once on a fresh registry race to register the
        // repartition topics' schemas, and the loser's stream thread fails and is replaced.
        one = NodeProcess.of(stack, "node-1", dir.resolve("node-1"), DrillRun.RESULTS.resolve("node-1.log"), Map.of())
                .start();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200))
                .until(one::ready);
        two = NodeProcess.of(stack, "node-2", dir.resolve("node-2"), DrillRun.RESULTS.resolve("node-2.log"), Map.of())
                .start();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(200))
                .until(two::ready);
        for (List<String> ids : hotels.values()) {
            run.awaitOffered(one.url(), ids);
        }
    }

    @AfterAll
    static void stop() {
        for (NodeProcess node : Arrays.asList(one, two)) {
            if (node != null) {
                node.close();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    @EnabledIfSystemProperty(named = "innflow.drills", matches = "all")
    void reservationsGoOnDuringACdcOutageAndEveryCatalogChangeArrivesOnce() throws Exception {
        List<String> drillHotels = hotels.get("cdc");
        DrillLoad load = run.load("cdc", drillHotels, List.of(one, two));
        DrillRun.awaitRequests(load, 40);

        // When: the Connect worker stops, the catalog changes, and the worker comes back
        stack.stopConnect();
        long begin = System.nanoTime();
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        Map<String, Long> prices = new LinkedHashMap<>();
        for (int i = 0; i < drillHotels.size(); i++) {
            long price = 500_000L + i;
            catalog.update(
                    "update room_nights set price_minor = ? where hotel_id = ? and night = ?",
                    price,
                    drillHotels.get(i),
                    FIRST.plusDays(NIGHTS - 1));
            prices.put(drillHotels.get(i), price);
        }
        int atOutage = load.history().size();
        DrillRun.awaitRequests(load, atOutage + 100);
        long workerBack = System.nanoTime();
        stack.restartConnect();
        ApiClient api = new ApiClient(one.url());
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> prices.entrySet().stream().allMatch(e -> lastNightPrice(api, e.getKey()) == e.getValue()));
        long outageToVisible = (System.nanoTime() - begin) / 1_000_000;

        // Then: reservations went on, and each change is in the topic exactly once
        run.finish("cdc-outage", load, drillHotels, one::url);
        List<DrillLoad.Op> duringOutage = load.history().stream()
                .filter(op -> op.startNanos() >= begin && op.startNanos() < workerBack)
                .toList();
        assertThat(definiteShare(duringOutage)).isGreaterThanOrEqualTo(0.95);
        String topic = topics.catalog(CatalogTable.ROOM_NIGHTS).name();
        var deserializer = topics.catalog(CatalogTable.ROOM_NIGHTS).valueSerde().deserializer();
        Map<String, Integer> copies = new LinkedHashMap<>();
        for (var r : TopicReader.readAllBytes(stack.kafka().bootstrapServers(), topic)) {
            if (r.value() == null) {
                continue;
            }
            CatalogChange change = deserializer.deserialize(topic, r.value());
            if (change.getRow() instanceof RoomNightRow row
                    && prices.containsKey(row.getHotelId())
                    && row.getPriceMinor() == prices.get(row.getHotelId())) {
                copies.merge(row.getHotelId(), 1, Integer::sum);
            }
        }
        assertThat(copies).hasSize(prices.size()).allSatisfy((hotel, n) -> assertThat(n)
                .isEqualTo(1));
        DrillRun.record(
                "cdc-outage",
                "catalog changes made during the outage: " + prices.size()
                        + ", each in the topic once; outage start to all visible: " + outageToVisible + " ms");
    }

    @Test
    @Order(2)
    void aNodeKilledMidTrafficLosesNothingAndItsHotelsAnswerAgain() throws Exception {
        List<String> drillHotels = hotels.get("crash");
        DrillLoad load = run.load("crash", drillHotels, List.of(one, two));
        DrillRun.awaitRequests(load, 60);

        // When: node-2 is killed (SIGKILL) mid-traffic
        two.kill();
        long killed = System.nanoTime();
        ApiClient api = new ApiClient(one.url());
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> drillHotels.stream().allMatch(h -> run.offered(api, h)) && one.ready());
        long everyHotelAnswers = (System.nanoTime() - killed) / 1_000_000;
        int afterFailover = load.history().size();
        DrillRun.awaitRequests(load, afterFailover + 60);

        // And: it comes back on its state directory
        long restarted = System.nanoTime();
        two.start();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(two::ready);
        long backReady = (System.nanoTime() - restarted) / 1_000_000;
        DrillRun.awaitRequests(load, load.history().size() + 60);

        // Then: nothing acknowledged was lost, nothing oversold or applied twice
        run.finish("node-crash", load, drillHotels, one::url);
        DrillRun.record(
                "node-crash",
                "kill to every hotel answering through node-1: " + everyHotelAnswers
                        + " ms; restarted node ready after " + backReady + " ms");
    }

    @Test
    @Order(3)
    @EnabledIfSystemProperty(named = "innflow.drills", matches = "all")
    void aNodeRestartsFromItsDiskAndFromNothing() throws Exception {
        List<String> drillHotels = hotels.get("restart");
        DrillLoad load = run.load("restart", drillHotels, List.of(one, two));
        DrillRun.awaitRequests(load, 60);

        // When: node-2 stops cleanly and starts again on its state directory
        two.stop();
        DrillRun.awaitRequests(load, load.history().size() + 30);
        long begin = System.nanoTime();
        two.start();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(two::ready);
        long fromDisk = (System.nanoTime() - begin) / 1_000_000;
        DrillRun.awaitRequests(load, load.history().size() + 30);

        // And: once more after its state directory is deleted
        two.stop();
        deleteTree(two.stateDir());
        begin = System.nanoTime();
        two.start();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(100))
                .until(two::ready);
        long fromNothing = (System.nanoTime() - begin) / 1_000_000;
        DrillRun.awaitRequests(load, load.history().size() + 30);

        Report report = run.finish("restart", load, drillHotels, one::url);
        DrillRun.record(
                "restart",
                "clean stop, start on its state directory to ready: " + fromDisk
                        + " ms; state directory deleted, start to ready: " + fromNothing + " ms; state: "
                        + report.acknowledged() + " acknowledged writes in this drill's hotels");
    }

    @Test
    @Order(4)
    void aCorruptCommandLandsInTheDeadLetterTopicWhileTrafficGoesOn() throws Exception {
        List<String> drillHotels = hotels.get("poison");
        DrillLoad load = run.load("poison", drillHotels, List.of(one, two));
        DrillRun.awaitRequests(load, 60);

        // When: bytes that are no Avro record at all are written straight to the commands
        Map<Integer, Long> offsets = writeCommands(
                drillHotels,
                List.of(
                        "this is not a command".getBytes(StandardCharsets.UTF_8),
                        "{\"command\":\"PlaceHold\"}".getBytes(StandardCharsets.UTF_8)));
        DrillRun.awaitRequests(load, load.history().size() + 120);

        // Then: each is dead-lettered with its coordinates, and no request went unanswered
        awaitDeadLettered(offsets);
        run.finish("poison-commands", load, drillHotels, one::url);
        // A poison record that stopped its partition would leave a sixth of the requests unanswered.
        assertThat(definiteShare(load.history())).isGreaterThanOrEqualTo(0.95);
    }

    /**
     * A truncated command (the decoder runs out of bytes: an {@code EOFException}) and a record of
     * another registered schema (readable Avro, not a command) are broken records, not transient
     * failures: both are dead-lettered and their partitions go on. Before the fix each stopped its
     * partition for good (docs/reliability.md#drills).
     */
    @Test
    @Order(5)
    void aTruncatedOrSchemaIncompatibleCommandLandsInTheDeadLetterTopicWhileTrafficGoesOn() throws Exception {
        List<String> drillHotels = hotels.get("poison-schema");
        DrillLoad load = run.load("poison-schema", drillHotels, List.of(one, two));
        DrillRun.awaitRequests(load, 60);

        byte[] valid = topics.commands()
                .valueSerde()
                .serializer()
                .serialize(
                        topics.commands().name(),
                        ReservationCommand.newBuilder()
                                .setRequestId("poison-valid")
                                .setFingerprint("f")
                                .setReplyTo("nobody")
                                .setHotelId(drillHotels.get(0))
                                .setIssuedAt(Instant.now())
                                .setCommand(new CancelBooking("no-such-booking"))
                                .build());
        // A registered schema of another record: readable Avro, but not a command.
        byte[] incompatible = topics.availabilityUpdates()
                .valueSerde()
                .serializer()
                .serialize(topics.availabilityUpdates().name(), sampleUpdate(drillHotels.get(1)));
        Map<Integer, Long> offsets =
                writeCommands(drillHotels, List.of(Arrays.copyOf(valid, valid.length / 2), incompatible));
        DrillRun.awaitRequests(load, load.history().size() + 120);

        awaitDeadLettered(offsets);
        run.finish("poison-truncated-incompatible", load, drillHotels, one::url);
        assertThat(definiteShare(load.history())).isGreaterThanOrEqualTo(0.95);
    }

    /**
     * Drill 4, catalog half: a corrupt hotel row and a truncated night row (their keys readable) and a
     * record of another schema under a key that is no row's, written straight to the catalog topics
     * during traffic. All three are dead-lettered to catalog-dlq; the first two refuse new sales of
     * what they could have changed (the hotel; the night's room type around that night) with 409
     * catalog-incomplete, everything else goes on; updating the rows in PostgreSQL lifts both.
     */
    @Test
    @Order(6)
    void catalogPoisonStopsOnlyWhatItMustAndIsLiftedByTheRowsNextChange() throws Exception {
        List<String> drillHotels = hotels.get("poison-catalog");
        String poisonedHotel = drillHotels.get(0);
        String poisonedNight = drillHotels.get(1);
        DrillLoad load = run.load("poison-catalog", drillHotels, List.of(one, two));
        DrillRun.awaitRequests(load, 60);

        // When: three poison records go straight to the catalog topics
        byte[] hotelKey = catalogKey(CatalogTable.HOTELS, poisonedHotel);
        byte[] nightKey = catalogKey(CatalogTable.ROOM_NIGHTS, poisonedNight);
        byte[] nightValue = catalogValue(CatalogTable.ROOM_NIGHTS, poisonedNight);
        byte[] otherSchema = topics.availabilityUpdates()
                .valueSerde()
                .serializer()
                .serialize(topics.availabilityUpdates().name(), sampleUpdate(drillHotels.get(2)));
        long poisonedAt = System.nanoTime();
        Set<String> written = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            written.add(send(producer, CatalogTable.HOTELS, hotelKey, "corrupt".getBytes(StandardCharsets.UTF_8)));
            written.add(send(
                    producer, CatalogTable.ROOM_NIGHTS, nightKey, Arrays.copyOf(nightValue, nightValue.length / 2)));
            written.add(
                    send(producer, CatalogTable.ROOM_NIGHTS, "no key".getBytes(StandardCharsets.UTF_8), otherSchema));
        }

        // Then: each is in catalog-dlq with its coordinates, and the poisoned hotel refuses new sales
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(catalogDeadLetters()).containsAll(written));
        ApiClient api = new ApiClient(one.url());
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> refusedAsIncomplete(load, poisonedHotel, poisonedAt));
        long blockedAt = System.nanoTime();
        DrillRun.awaitRequests(load, load.history().size() + 120);

        // When: the operator updates the rows in PostgreSQL, so Debezium sends them again
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        catalog.update("update hotels set updated_at = now() where hotel_id = ?", poisonedHotel);
        catalog.update(
                "update room_nights set price_minor = price_minor where hotel_id = ? and room_type_id = 'std'"
                        + " and night = ?",
                poisonedNight,
                FIRST);
        long fixedAt = System.nanoTime();

        // Then: the hotel sells again (an answer other than catalog-incomplete to a new sale)
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> soldAgain(load, poisonedHotel, fixedAt) && soldAgain(load, poisonedNight, fixedAt));
        long liftedMs = (System.nanoTime() - fixedAt) / 1_000_000;
        DrillRun.awaitRequests(load, load.history().size() + 60);
        var report = run.finish("poison-catalog", load, drillHotels, one::url);

        // Other hotels never stopped: every request there had a definite answer at once
        List<DrillLoad.Op> others = load.history().stream()
                .filter(op -> !op.hotel().equals(poisonedHotel) && !op.hotel().equals(poisonedNight))
                .toList();
        assertThat(definiteShare(others)).isGreaterThanOrEqualTo(0.95);
        assertThat(others.stream()
                        .filter(op -> op.startNanos() > poisonedAt && op.startNanos() < fixedAt)
                        .anyMatch(op -> op.outcome() == DrillLoad.Outcome.OK))
                .as("other hotels sold while the poisoned ones were blocked")
                .isTrue();
        long refused = load.history().stream()
                .filter(op -> op.answer().contains("catalog-incomplete"))
                .count();
        DrillRun.record(
                "poison-catalog",
                "dead-lettered 3/3; refused as catalog-incomplete: " + refused + "; poison to first refusal: "
                        + (blockedAt - poisonedAt) / 1_000_000 + " ms; row update to selling again: " + liftedMs
                        + " ms; other hotels' definite share: " + definiteShare(others) + "; acknowledged "
                        + report.acknowledged());
    }

    /** A new sale at {@code hotel} started after {@code since} was refused because its catalog is incomplete. */
    private static boolean refusedAsIncomplete(DrillLoad load, String hotel, long since) {
        return load.history().stream()
                .anyMatch(op -> op.hotel().equals(hotel)
                        && op.startNanos() > since
                        && op.status() == 409
                        && op.answer().contains("https://innflow.io/problems/catalog-incomplete"));
    }

    /** A new sale at {@code hotel} started after {@code since} got a definite answer other than catalog-incomplete. */
    private static boolean soldAgain(DrillLoad load, String hotel, long since) {
        return load.history().stream()
                .anyMatch(op -> op.hotel().equals(hotel)
                        && op.startNanos() > since
                        && (op.kind() == DrillLoad.Kind.HOLD || op.kind() == DrillLoad.Kind.BOOK)
                        && op.outcome() != DrillLoad.Outcome.UNKNOWN
                        && !op.answer().contains("catalog-incomplete"));
    }

    /** The key bytes Debezium wrote for {@code hotel}'s row (its std room type's first night, for nights). */
    private static byte[] catalogKey(CatalogTable table, String hotel) {
        return catalogRecord(table, hotel).key();
    }

    private static byte[] catalogValue(CatalogTable table, String hotel) {
        return catalogRecord(table, hotel).value();
    }

    private static ConsumerRecord<byte[], byte[]> catalogRecord(CatalogTable table, String hotel) {
        String topic = topics.catalog(table).name();
        var deserializer = topics.catalog(table).valueSerde().deserializer();
        for (var r : TopicReader.readAllBytes(stack.kafka().bootstrapServers(), topic)) {
            if (r.value() == null) {
                continue;
            }
            Object row = deserializer.deserialize(topic, r.value()).getRow();
            if (row instanceof io.innflow.schemas.catalog.HotelInfo h
                    && h.getHotelId().equals(hotel)) {
                return r;
            }
            if (row instanceof RoomNightRow n
                    && n.getHotelId().equals(hotel)
                    && n.getRoomTypeId().equals("std")
                    && n.getNight().equals(FIRST)) {
                return r;
            }
        }
        throw new AssertionError("No row of " + hotel + " in " + topic);
    }

    private static String send(KafkaProducer<byte[], byte[]> producer, CatalogTable table, byte[] key, byte[] value)
            throws Exception {
        String topic = topics.catalog(table).name();
        var meta = producer.send(new ProducerRecord<>(topic, key, value)).get();
        return topic + "-" + meta.partition() + "@" + meta.offset();
    }

    /** Where each record of catalog-dlq came from: {@code topic-partition@offset}. */
    private static Set<String> catalogDeadLetters() {
        Set<String> coordinates = new HashSet<>();
        for (var r : TopicReader.readAllBytes(
                stack.kafka().bootstrapServers(), topics.catalogDeadLetters().name())) {
            coordinates.add(header(r, "__streams.errors.topic") + "-" + header(r, "__streams.errors.partition") + "@"
                    + header(r, "__streams.errors.offset"));
        }
        return coordinates;
    }

    /** Writes each record to the commands topic keyed by a hotel of its own; returns partition → offset. */
    private static Map<Integer, Long> writeCommands(List<String> drillHotels, List<byte[]> records) throws Exception {
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < records.size(); i++) {
                var meta = producer.send(new ProducerRecord<>(
                                topics.commands().name(),
                                drillHotels.get(i).getBytes(StandardCharsets.UTF_8),
                                records.get(i)))
                        .get();
                offsets.put(meta.partition(), meta.offset());
            }
        }
        return offsets;
    }

    private static void awaitDeadLettered(Map<Integer, Long> offsets) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Set<String> coordinates = new HashSet<>();
                    for (var r : TopicReader.readAllBytes(
                            stack.kafka().bootstrapServers(),
                            topics.commandsDeadLetters().name())) {
                        if (header(r, "__streams.errors.topic")
                                .equals(topics.commands().name())) {
                            coordinates.add(header(r, "__streams.errors.partition") + "@"
                                    + header(r, "__streams.errors.offset"));
                        }
                    }
                    offsets.forEach(
                            (partition, offset) -> assertThat(coordinates).contains(partition + "@" + offset));
                });
    }

    /** The share of requests answered with a definite outcome (a write or a rejection) at once. */
    private static double definiteShare(List<DrillLoad.Op> ops) {
        assertThat(ops).isNotEmpty();
        return ops.stream()
                        .filter(op -> op.outcome() != DrillLoad.Outcome.UNKNOWN)
                        .count()
                / (double) ops.size();
    }

    private static long lastNightPrice(ApiClient api, String hotel) {
        ApiClient.Response r = api.get("/v1/hotels/" + hotel + "/availability?from=" + FIRST.plusDays(NIGHTS - 1)
                + "&to=" + FIRST.plusDays(NIGHTS) + "&roomType=std");
        return r.status() == 200
                ? r.json()
                        .path("roomTypes")
                        .path(0)
                        .path("nights")
                        .path(0)
                        .path("priceMinor")
                        .asLong()
                : -1;
    }

    private static io.innflow.schemas.inventory.AvailabilityUpdate sampleUpdate(String hotel) {
        return io.innflow.schemas.inventory.AvailabilityUpdate.newBuilder()
                .setHotelId(hotel)
                .setRoomTypeId("std")
                .setNight(FIRST)
                .setAllotment(1)
                .setOverbookingAllowance(0)
                .setHeld(0)
                .setSold(0)
                .setAvailable(1)
                .setPriceMinor(1)
                .setCurrency("THB")
                .setStopSell(false)
                .setUpdatedAt(Instant.now())
                .build();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
