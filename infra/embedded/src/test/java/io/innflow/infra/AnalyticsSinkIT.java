package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.connectors.ConnectorConfig;
import io.innflow.examples.ConfluentWireFormat;
import io.innflow.schemas.serde.AvroSerdeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What downstream readers and data teams get, on the real stack: a plain Confluent-wire-format reader
 * decodes the node's events, and the JDBC sinks land exactly the bookings, holds and nights the API
 * shows in PostgreSQL's {@code analytics} schema, unchanged by a restart or a full replay. Runs on the
 * shared stack with a hotel of its own, and looks only at that hotel's rows.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnalyticsSinkIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration SINK_WAIT = Duration.ofSeconds(60);
    private static final String EVENTS_SINK = "analytics-events-sink";
    private static final String AVAILABILITY_SINK = "analytics-availability-sink";

    private static final String HOTEL_ID = "analytics-sink";

    private static EmbeddedStack stack;
    private static String hotelId;
    private static String roomTypeId;
    private static LocalDate first;

    // Filled in by the first test: what the API answered.
    private static String bookedHoldId;
    private static String bookingId;
    private static String cancelledBookingId;
    private static String expiredHoldId;
    private static String releasedHoldId;
    private static List<String> tablesBefore;

    @BeforeAll
    static void createHotel(EmbeddedStack shared) throws Exception {
        stack = shared;
        hotelId = HOTEL_ID;
        roomTypeId = "std";
        first = LocalDate.now(ZoneOffset.UTC).plusDays(35);
        new TestCatalog(stack.postgres().dataSource()).hotel(hotelId, "Sinkville", 2, 5, 10_000, first, 12);
        new ApiClient(stack.nodeUrl()).awaitNightsOffered(hotelId, first, 12);
    }

    @Test
    @Order(1)
    void shouldLandEveryBookingAndHoldInItsLatestState() throws Exception {
        // Given: a hold confirmed into a booking, a direct booking cancelled, a hold expired, a hold released
        JsonNode hold = created(post("/holds", "analytics-hold", stay(0, 2, 1, null)));
        bookedHoldId = hold.path("holdId").asText();
        JsonNode booking = created(
                post(
                        "/bookings",
                        "analytics-book",
                        "{\"holdId\":\"" + bookedHoldId
                                + "\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}"));
        bookingId = booking.path("bookingId").asText();
        cancelledBookingId = created(post("/bookings", "analytics-direct", stay(2, 5, 2, "tok_visa")))
                .path("bookingId")
                .asText();
        assertThat(send(request("/bookings/" + cancelledBookingId)
                                .header("Idempotency-Key", "analytics-cancel")
                                .DELETE())
                        .statusCode())
                .isEqualTo(200);
        expiredHoldId = created(
                        post("/holds", "analytics-expiring", stay(5, 6, 1, null).replace("}", ",\"holdSeconds\":1}")))
                .path("holdId")
                .asText();
        releasedHoldId = created(post("/holds", "analytics-released", stay(6, 8, 1, null)))
                .path("holdId")
                .asText();
        assertThat(send(request("/holds/" + releasedHoldId)
                                .header("Idempotency-Key", "analytics-release")
                                .DELETE())
                        .statusCode())
                .isEqualTo(200);

        // Then: exactly these rows, in these states
        await().atMost(SINK_WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(rows("select booking_id || ':' || status || ':' || coalesce(hold_id, '-') || ':' || room_nights"
                            + " from analytics.bookings where hotel_id = '" + hotelId + "' order by booked_at"))
                    .containsExactly(
                            bookingId + ":CONFIRMED:" + bookedHoldId + ":2", cancelledBookingId + ":CANCELLED:-:6");
            assertThat(rows("select hold_id || ':' || status || ':' || coalesce(booking_id, '-')"
                            + " from analytics.holds where hotel_id = '" + hotelId + "' order by created_at"))
                    .containsExactly(
                            bookedHoldId + ":CONFIRMED:" + bookingId,
                            expiredHoldId + ":EXPIRED:-",
                            releasedHoldId + ":RELEASED:-");
            // HoldPlaced x3, BookingConfirmed x2, BookingCancelled, HoldExpired, HoldReleased
            assertThat(rows("select event_type from analytics.reservation_events where hotel_id = '" + hotelId
                            + "' order by event_type"))
                    .containsExactly(
                            "BookingCancelled",
                            "BookingConfirmed",
                            "BookingConfirmed",
                            "HoldExpired",
                            "HoldPlaced",
                            "HoldPlaced",
                            "HoldPlaced",
                            "HoldReleased");
        });
        // The nights as sold, with the prices the API quoted.
        assertThat(rows("select sum(revenue_minor) from analytics.booking_nights where booking_id = '" + bookingId
                        + "'"))
                .containsExactly(booking.path("totalMinor").asText());
        // The bookings carried guest details: the party lands, the name and contact do not (docs/analytics.md).
        String events = "from analytics.reservation_events where hotel_id = '" + hotelId + "'"
                + " and event_type = 'BookingConfirmed'";
        assertThat(rows("select count(*) " + events
                        + " and payload -> 'BookingConfirmed' -> 'booking' -> 'guest' ->> 'adults' = '1'"))
                .containsExactly("2");
        assertThat(rows("select count(*) " + events + " and (payload::text like '%ada@example.com%'"
                        + " or payload::text like '%Lovelace%' or payload::text like '%7946%')"))
                .containsExactly("0");
    }

    @Test
    @Order(2)
    void shouldMirrorTheAvailabilityTheApiShows() {
        JsonNode nights = api("/availability?from=" + first + "&to=" + first.plusDays(8) + "&roomType=" + roomTypeId)
                .path("roomTypes")
                .get(0)
                .path("nights");
        assertThat(nights).hasSize(8);

        await().atMost(SINK_WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> expected = new ArrayList<>();
            nights.forEach(n ->
                    expected.add(n.path("night").asText() + ":" + n.path("held").asInt() + ":"
                            + n.path("sold").asInt() + ":" + n.path("available").asInt()));
            assertThat(rows("select night || ':' || held || ':' || sold || ':' || available"
                            + " from analytics.availability_nights where hotel_id = '" + hotelId + "'"
                            + " and room_type_id = '" + roomTypeId + "' and night >= '" + first + "' and night < '"
                            + first.plusDays(8) + "' order by night"))
                    .containsExactlyElementsOf(expected);
        });
        // Booked nights: night 0-1 by the confirmed hold, the cancelled booking's nights free again.
        assertThat(nights.get(0).path("sold").asInt()).isEqualTo(1);
        assertThat(nights.get(2).path("sold").asInt()).isZero();
    }

    @Test
    @Order(3)
    void shouldDecodeTheNodesEventsWithAPlainConfluentWireFormatReader() {
        ConfluentWireFormat wire = new ConfluentWireFormat(stack.registry().url());
        List<ConsumerRecord<String, byte[]>> records =
                readAll("reservation-events", r -> hotelId.equals(r.key()) && confirms(wire, r, bookingId));

        ConsumerRecord<String, byte[]> confirmed = null;
        GenericRecord decoded = null;
        int schemaId = -1;
        for (ConsumerRecord<String, byte[]> record : records) {
            if (!hotelId.equals(record.key())) {
                continue;
            }
            ConfluentWireFormat.Decoded d = wire.decode(record.value());
            GenericRecord payload = (GenericRecord) d.value().get("payload");
            if (payload.getSchema().getName().equals("BookingConfirmed")
                    && ((GenericRecord) payload.get("booking"))
                            .get("bookingId")
                            .toString()
                            .equals(bookingId)) {
                confirmed = record;
                decoded = (GenericRecord) payload.get("booking");
                schemaId = d.schemaId();
            }
        }

        assertThat(confirmed).as("the BookingConfirmed event of " + bookingId).isNotNull();
        assertThat(confirmed.value()[0]).as("magic byte").isZero();
        assertThat(schemaId)
                .isEqualTo(java.nio.ByteBuffer.wrap(confirmed.value(), 1, 4).getInt());
        assertThat(confirmed.key()).isEqualTo(hotelId);
        assertThat(decoded.get("hotelId").toString()).isEqualTo(hotelId);
        assertThat(decoded.get("holdId").toString()).isEqualTo(bookedHoldId);
        JsonNode fromApi = api("/bookings/" + bookingId);
        assertThat(decoded.get("bookingId").toString())
                .isEqualTo(fromApi.path("bookingId").asText());
        assertThat(decoded.get("totalMinor"))
                .isEqualTo(fromApi.path("totalMinor").asLong());
    }

    @Test
    @Order(4)
    void shouldLeaveTheTablesUnchangedWhenTheSinksRestart() throws Exception {
        tablesBefore = tables();

        for (String sink : ConnectWorker.ANALYTICS_SINKS) {
            HttpResponse<String> restarted = send(HttpRequest.newBuilder(
                            URI.create(stack.connect().restUrl() + "connectors/" + sink + "/restart?includeTasks=true"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(restarted.statusCode()).as(restarted.body()).isIn(202, 204);
        }
        for (String sink : ConnectWorker.ANALYTICS_SINKS) {
            stack.connect().awaitRunning(sink, SINK_WAIT);
        }
        awaitCaughtUp("connect-" + EVENTS_SINK, "reservation-events");
        awaitCaughtUp("connect-" + AVAILABILITY_SINK, "availability-updates");

        assertThat(tables()).isEqualTo(tablesBefore);
    }

    @Test
    @Order(5)
    void shouldLeaveTheTablesUnchangedWhenTheTopicsAreReplayedFromTheStart() throws Exception {
        // Given: the same sinks under new names, so new consumer groups read both topics from the beginning
        Map<String, String> values = new HashMap<>(stack.postgres().connectorValues());
        values.put("registry.api", AvroSerdeFactory.registryApi(stack.registry().url()));
        List<String> replays = new ArrayList<>();
        for (ConnectorConfig sink : ConnectWorker.analyticsSinks(values)) {
            ConnectorConfig replay = new ConnectorConfig(sink.name() + "-replay", sink.config());
            stack.connect().apply(replay);
            replays.add(replay.name());
        }

        // When
        for (String replay : replays) {
            stack.connect().awaitRunning(replay, SINK_WAIT);
        }
        awaitCaughtUp("connect-" + EVENTS_SINK + "-replay", "reservation-events");
        awaitCaughtUp("connect-" + AVAILABILITY_SINK + "-replay", "availability-updates");

        // Then
        assertThat(tables()).isEqualTo(tablesBefore);
        for (String replay : replays) {
            assertThat(send(HttpRequest.newBuilder(URI.create(stack.connect().restUrl() + "connectors/" + replay))
                                    .DELETE())
                            .statusCode())
                    .isEqualTo(204);
        }
    }

    @Test
    @Order(6)
    void shouldSendARecordItCannotReadToTheSinkDeadLetterTopicAndGoOn() throws Exception {
        byte[] poison = "not in the wire format".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("reservation-events", hotelId, poison))
                    .get(10, TimeUnit.SECONDS);
        }

        List<ConsumerRecord<String, byte[]>> dead =
                readAll("analytics-sink-dlq", r -> Arrays.equals(r.value(), poison)).stream()
                        .filter(r -> Arrays.equals(r.value(), poison))
                        .toList();

        assertThat(dead.get(0).value()).isEqualTo(poison);
        assertThat(new String(
                        dead.get(0)
                                .headers()
                                .lastHeader("__connect.errors.topic")
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo("reservation-events");
        assertThat(stack.connect()
                        .status(EVENTS_SINK)
                        .path("tasks")
                        .get(0)
                        .path("state")
                        .asText())
                .isEqualTo("RUNNING");
        // Later events still land.
        String held = created(post("/holds", "analytics-after-poison", stay(8, 9, 1, null)))
                .path("holdId")
                .asText();
        await().atMost(SINK_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> rows("select status from analytics.holds where hold_id = '" + held + "'"),
                        r -> r.equals(List.of("ACTIVE")));
    }

    // ---- helpers

    private static String stay(int from, int to, int quantity, String paymentToken) {
        return "{\"roomTypeId\":\"" + roomTypeId + "\",\"checkIn\":\"" + first.plusDays(from) + "\",\"checkOut\":\""
                + first.plusDays(to) + "\",\"quantity\":" + quantity
                + (paymentToken != null
                        ? ",\"paymentToken\":\"" + paymentToken + "\",\"guest\":{\"leadName\":\"Ada Lovelace\","
                                + "\"email\":\"ada@example.com\",\"phone\":\"+44 20 7946 0000\",\"adults\":1}"
                        : "")
                + "}";
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.nodeUrl() + "/v1/hotels/" + hotelId + path))
                .header("Authorization", TestTokens.bearer(TestTokens.guest(stack, "analytics-guest")))
                .timeout(Duration.ofSeconds(30));
    }

    private static HttpResponse<String> post(String path, String key, String body) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode created(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    private static JsonNode api(String path) {
        try {
            return JSON.readTree(send(request(path).GET()).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .join();
    }

    /** Every row of the sinks' tables of this class's hotel, as text, in key order. */
    private static List<String> tables() throws SQLException {
        List<String> all = new ArrayList<>();
        all.addAll(rows(
                "select * from analytics.reservation_events where hotel_id = '" + hotelId + "' order by event_id"));
        all.addAll(rows("select * from analytics.availability_nights where hotel_id = '" + hotelId
                + "' order by hotel_id, room_type_id, night"));
        return all;
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    /** Whether a record of reservation-events is the BookingConfirmed event of {@code booking}. */
    private static boolean confirms(ConfluentWireFormat wire, ConsumerRecord<String, byte[]> record, String booking) {
        GenericRecord payload =
                (GenericRecord) wire.decode(record.value()).value().get("payload");
        return payload.getSchema().getName().equals("BookingConfirmed")
                && ((GenericRecord) payload.get("booking"))
                        .get("bookingId")
                        .toString()
                        .equals(booking);
    }

    /** Reads a topic from the start, committed records only, until one that {@code wanted} matches arrived. */
    private static List<ConsumerRecord<String, byte[]>> readAll(
            String topic, Predicate<ConsumerRecord<String, byte[]>> wanted) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "analytics-it-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(SINK_WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.stream().anyMatch(wanted);
            });
        }
        return records;
    }

    /** Waits until the group has committed, on every partition, the topic's end offset. */
    private static void awaitCaughtUp(String group, String topic) {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
            await().atMost(SINK_WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(10, TimeUnit.SECONDS)
                        .get(topic)
                        .partitions()
                        .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                var end = admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
                // A transactional topic ends with a commit marker, which a sink never commits past.
                return end.entrySet().stream()
                        .allMatch(e -> e.getValue().offset() == 0
                                || (committed.get(e.getKey()) != null
                                        && committed.get(e.getKey()).offset()
                                                >= e.getValue().offset() - 1));
            });
        }
    }
}
