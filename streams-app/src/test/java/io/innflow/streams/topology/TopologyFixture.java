package io.innflow.streams.topology;

import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.schemas.reservation.PaymentAuthorization;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.serde.TestSerdes;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.config.ReliabilitySettings;
import io.innflow.streams.config.TopologySettings;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import io.innflow.streams.lifecycle.RunningStores;
import io.innflow.streams.lifecycle.StreamsSettings;
import io.innflow.streams.metrics.DomainCounters;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/** The topology under TopologyTestDriver, with helpers that read like the catalog and the API. */
final class TopologyFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2027-01-01T00:00:00Z");

    /** A party of two (the fixture's room types sleep two) with its lead guest's contact. */
    static final GuestDetails GUEST =
            new GuestDetails("Ada Lovelace", "ada@example.com", "+44 20 7946 0000", 2, 0, null);

    final TestSerdes serdes = new TestSerdes();
    final Topics topics;
    final TopologySettings config;
    final TopologyTestDriver driver;
    /** The stores the topology's running tasks register for the node's reads. */
    final RunningStores running = new RunningStores();

    private final TestInputTopic<String, ReservationCommand> commands;
    private final TestOutputTopic<String, ReservationResult> results;
    private final TestOutputTopic<String, ReservationEvent> events;
    private final TestOutputTopic<String, AvailabilityUpdate> availability;
    /** The driver's wall clock: a node stamps a command with the time it sends it. */
    private Instant clock = START;

    TopologyFixture() {
        this(TopologySettings.defaults());
    }

    TopologyFixture(TopologySettings config) {
        this(config, ReliabilitySettings.defaults(), DomainCounters.NONE);
    }

    TopologyFixture(TopologySettings config, ReliabilitySettings reliability) {
        this(config, reliability, DomainCounters.NONE);
    }

    /** The topology reporting to {@code counters}, as a node's metrics see it. */
    TopologyFixture(TopologySettings config, DomainCounters counters) {
        this(config, ReliabilitySettings.defaults(), counters);
    }

    TopologyFixture(TopologySettings config, ReliabilitySettings reliability, DomainCounters counters) {
        this(config, reliability, counters, java.util.function.UnaryOperator.identity());
    }

    /** The topology over serdes {@code serdes} makes of the fixture's (to make the registry fail, say). */
    TopologyFixture(java.util.function.UnaryOperator<io.innflow.schemas.serde.SerdeFactory> serdes) {
        this(TopologySettings.defaults(), ReliabilitySettings.defaults(), DomainCounters.NONE, serdes);
    }

    private TopologyFixture(
            TopologySettings config,
            ReliabilitySettings reliability,
            DomainCounters counters,
            java.util.function.UnaryOperator<io.innflow.schemas.serde.SerdeFactory> factory) {
        this.config = config;
        this.topics = Topics.create(factory.apply(serdes.factory()));
        // The node's own settings: exception handlers and the dead-letter topic included.
        Properties props = StreamsSettings.forNode(InnflowConfig.of(Map.of()).node(), topics, "localhost:8080");
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "innflow-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // A folder of its own, so test runs side by side never share RocksDB locks.
        props.put(StreamsConfig.STATE_DIR_CONFIG, tempDir().toString());
        driver = new TopologyTestDriver(
                InnflowTopology.build(topics, config, reliability, counters, running), props, START);
        commands = driver.createInputTopic(
                topics.commands().name(),
                Serdes.String().serializer(),
                topics.commands().valueSerde().serializer());
        results = driver.createOutputTopic(
                topics.results().name(),
                Serdes.String().deserializer(),
                topics.results().valueSerde().deserializer());
        availability = driver.createOutputTopic(
                topics.availabilityUpdates().name(),
                Serdes.String().deserializer(),
                topics.availabilityUpdates().valueSerde().deserializer());
        events = driver.createOutputTopic(
                topics.events().name(),
                Serdes.String().deserializer(),
                topics.events().valueSerde().deserializer());
    }

    void hotel(String hotelId) {
        catalog(CatalogTable.HOTELS, hotelRow(hotelId));
    }

    /** An approved hotel's row in Bangkok, to change before sending. */
    static Map<String, Object> hotelRow(String hotelId) {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", hotelId);
        row.put("name", "Hotel " + hotelId);
        row.put("city", "Bangkok");
        row.put("currency", "THB");
        row.put("time_zone", "Asia/Bangkok");
        row.put("status", "APPROVED");
        return row;
    }

    void roomType(String hotelId, String roomTypeId, int totalRooms) {
        roomType(hotelId, roomTypeId, totalRooms, 0, true);
    }

    /** Offers {@code allotment} rooms at {@code priceMinor} on every night of [from, to). */
    void nights(String hotelId, String roomTypeId, LocalDate from, LocalDate to, int allotment, long priceMinor) {
        for (LocalDate night = from; night.isBefore(to); night = night.plusDays(1)) {
            night(hotelId, roomTypeId, night, allotment, priceMinor, Map.of());
        }
    }

    /** Writes a row of {@code table} whose schema lacks the {@code dropped} columns. */
    void catalogWithout(CatalogTable table, Map<String, Object> row, String... dropped) {
        String topic = topics.catalog(table).name();
        driver.createInputTopic(
                        topic,
                        Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput(catalogKey(table, row), serdes.catalogRowWithout(topic, table, row, dropped));
    }

    void catalog(CatalogTable table, Map<String, Object> row) {
        String topic = topics.catalog(table).name();
        driver.createInputTopic(
                        topic,
                        Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput(catalogKey(table, row), serdes.catalogRow(topic, table, row));
    }

    /** The row's key as Debezium writes it (its primary key columns, Avro). */
    byte[] catalogKey(CatalogTable table, Map<String, Object> row) {
        return serdes.catalogKey(topics.catalog(table).name(), table, row);
    }

    /** Writes any key and value bytes to {@code table}'s topic, as a faulty producer could. */
    void catalogRaw(CatalogTable table, byte[] key, byte[] value) {
        driver.createInputTopic(
                        topics.catalog(table).name(),
                        Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput(key, value);
    }

    /** What reached {@code catalog-dlq}: key and value bytes, and headers. */
    List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> catalogDeadLetters() {
        return driver.createOutputTopic(
                        topics.catalogDeadLetters().name(),
                        Serdes.ByteArray().deserializer(),
                        Serdes.ByteArray().deserializer())
                .readRecordsToList();
    }

    /** Sends a PlaceHold as node {@code node-1} would and returns its result. */
    ReservationResult placeHold(
            String requestId, String hotelId, String roomTypeId, LocalDate in, LocalDate out, int quantity) {
        sendHold(requestId, "fp-" + roomTypeId + in + out + quantity, hotelId, roomTypeId, in, out, quantity);
        List<ReservationResult> answers = results.readValuesToList();
        if (answers.size() != 1) {
            throw new AssertionError("Expected one result, got " + answers);
        }
        return answers.get(0);
    }

    /** The authorization a node makes of a guest's payment token before it produces the command. */
    static PaymentAuthorization pay(String token) {
        return new PaymentAuthorization("auth-" + token, !"tok_decline".equals(token));
    }

    private static java.nio.file.Path tempDir() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("innflow-ttd-");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends any command body as {@code principal} and returns its result. */
    ReservationResult send(
            String requestId, String principal, String hotelId, org.apache.avro.specific.SpecificRecord body) {
        ReservationCommand command = ReservationCommand.newBuilder()
                .setRequestId(requestId)
                .setFingerprint("fp-" + body)
                .setReplyTo("node-1")
                .setHotelId(hotelId)
                .setPrincipal(principal)
                .setIssuedAt(clock)
                .setCommand(body)
                .build();
        commands.pipeInput(hotelId, command, clock);
        List<ReservationResult> answers = results.readValuesToList();
        if (answers.size() != 1) {
            throw new AssertionError("Expected one result, got " + answers);
        }
        return answers.get(0);
    }

    /**
     * Sends a command as a node stamps it: {@code issuedAt} on the command, {@code sentAt} as the
     * record's timestamp (the producer's clock); the driver's wall clock is when it is processed.
     */
    ReservationResult sendStamped(
            String requestId,
            String hotelId,
            org.apache.avro.specific.SpecificRecord body,
            Instant issuedAt,
            Instant sentAt) {
        ReservationCommand command = ReservationCommand.newBuilder()
                .setRequestId(requestId)
                .setFingerprint("fp-" + body)
                .setReplyTo("node-1")
                .setHotelId(hotelId)
                .setPrincipal("guest-1")
                .setIssuedAt(issuedAt)
                .setCommand(body)
                .build();
        commands.pipeInput(hotelId, command, sentAt);
        List<ReservationResult> answers = results.readValuesToList();
        if (answers.size() != 1) {
            throw new AssertionError("Expected one result, got " + answers);
        }
        return answers.get(0);
    }

    ReservationResult send(String requestId, String hotelId, org.apache.avro.specific.SpecificRecord body) {
        return send(requestId, "guest-1", hotelId, body);
    }

    /** One catalog night with every column given (restrictions included). */
    void night(
            String hotelId,
            String roomTypeId,
            LocalDate night,
            int allotment,
            long priceMinor,
            Map<String, Object> overrides) {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", hotelId);
        row.put("room_type_id", roomTypeId);
        row.put("night", (int) night.toEpochDay());
        row.put("allotment", allotment);
        row.put("price_minor", priceMinor);
        row.put("stop_sell", false);
        row.put("closed_to_arrival", false);
        row.put("closed_to_departure", false);
        row.putAll(overrides);
        catalog(CatalogTable.ROOM_NIGHTS, row);
    }

    void roomType(String hotelId, String roomTypeId, int totalRooms, int overbookingAllowance, boolean active) {
        Map<String, Object> row = new HashMap<>();
        row.put("hotel_id", hotelId);
        row.put("room_type_id", roomTypeId);
        row.put("code", roomTypeId.toUpperCase());
        row.put("name", "Room " + roomTypeId);
        row.put("capacity", 2);
        row.put("total_rooms", totalRooms);
        row.put("base_price_minor", 100_000L);
        row.put("overbooking_allowance", overbookingAllowance);
        row.put("active", active);
        catalog(CatalogTable.ROOM_TYPES, row);
    }

    List<AvailabilityUpdate> availabilityUpdates() {
        return availability.readValuesToList();
    }

    void advance(java.time.Duration wallClock) {
        driver.advanceWallClockTime(wallClock);
        clock = clock.plus(wallClock);
    }

    void sendHold(
            String requestId,
            String fingerprint,
            String hotelId,
            String roomTypeId,
            LocalDate in,
            LocalDate out,
            int quantity) {
        ReservationCommand command = ReservationCommand.newBuilder()
                .setRequestId(requestId)
                .setFingerprint(fingerprint)
                .setReplyTo("node-1")
                .setHotelId(hotelId)
                .setIssuedAt(clock)
                .setCommand(new PlaceHold(roomTypeId, in, out, quantity, null, null))
                .build();
        commands.pipeInput(hotelId, command, clock);
    }

    List<ReservationResult> results() {
        return results.readValuesToList();
    }

    List<ReservationEvent> events() {
        return events.readValuesToList();
    }

    NightInventory night(String hotelId, String roomTypeId, LocalDate night) {
        KeyValueStore<String, NightInventory> store = driver.getKeyValueStore(StoreNames.NIGHT_INVENTORY);
        return store.get(StoreKeys.night(hotelId, roomTypeId, night));
    }

    @Override
    public void close() {
        driver.close();
    }
}
