package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.http.Principal;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.api.reservation.CommandService;
import io.innflow.api.reservation.ReservationFacade;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.InventoryOverbooked;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topics;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner path end to end on the real stack: partner and admin calls write PostgreSQL, Debezium
 * in the Connect worker carries the rows to Kafka, the topology merges them, and the guest API shows
 * them. The tests run in order on one stack; the last one stops and restarts the Connect worker.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PartnerCatalogIT {

    private static final Logger log = LoggerFactory.getLogger(PartnerCatalogIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PARTNER = "it-partner";
    private static final String ADMIN = "it-admin";
    private static final String HOTEL = "pc-001";
    private static final String CITY = "Chiang Rai";
    private static final int NIGHTS = 365;
    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(1);
    /** How long CDC may take to carry a change to availability before a test fails. */
    private static final Duration CDC = Duration.ofSeconds(60);

    private static final String HEADER = "room_type_id,night,allotment,price_minor,stop_sell,min_los,max_los,"
            + "closed_to_arrival,closed_to_departure";

    @TempDir
    static Path dataDir;

    private static EmbeddedStack stack;

    @BeforeAll
    static void startStack() {
        stack = EmbeddedStack.start(StackSettings.forTests(dataDir));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldShowAYearOfUploadedNightsOnceAnAdminHasApprovedThePartnersHotel() throws Exception {
        // Given: a partner's new hotel with two room types, pending until an admin approves it
        HttpResponse<String> created = partner(
                "POST",
                "/v1/partner/hotels",
                "{\"hotelId\":\"" + HOTEL + "\",\"name\":\"Golden Triangle Lodge\",\"city\":\"" + CITY + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(partner("PUT", "/v1/partner/hotels/" + HOTEL + "/room-types/std", roomType("Standard", 2, 30))
                        .statusCode())
                .isEqualTo(201);
        assertThat(partner("PUT", "/v1/partner/hotels/" + HOTEL + "/room-types/dlx", roomType("Deluxe", 3, 12))
                        .statusCode())
                .isEqualTo(201);
        JsonNode pending = json(admin("GET", "/v1/admin/hotels?status=pending&limit=500", null));
        assertThat(pending.path("hotels").findValuesAsText("hotelId")).contains(HOTEL);
        assertThat(get("/v1/hotels/" + HOTEL + "/availability?from=" + FIRST + "&to=" + FIRST.plusDays(1))
                        .statusCode())
                .as("a pending hotel is not served")
                .isEqualTo(404);

        // When: the admin approves it and the partner uploads a year of nights of both room types by CSV
        HttpResponse<String> approved = admin("POST", "/v1/admin/hotels/" + HOTEL + "/approve", "");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        Map<String, List<Night>> year = Map.of("std", year("std"), "dlx", year("dlx"));
        HttpResponse<String> uploaded = upload(HOTEL, PARTNER, csv(year));
        long committed = System.nanoTime();

        // Then: within a bounded time, availability shows exactly those numbers, and the hotel is listed
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
        assertThat(json(uploaded).path("inserted").asInt()).isEqualTo(2 * NIGHTS);
        await().atMost(CDC).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(nights(HOTEL, "std", FIRST, FIRST.plusDays(NIGHTS))).isEqualTo(year.get("std"));
            assertThat(nights(HOTEL, "dlx", FIRST, FIRST.plusDays(NIGHTS))).isEqualTo(year.get("dlx"));
        });
        log.info(
                "TIMING {} uploaded nights visible in availability {} ms after the upload's commit",
                2 * NIGHTS,
                (System.nanoTime() - committed) / 1_000_000);
        JsonNode listed = json(get("/v1/hotels?city=" + CITY.replace(" ", "%20")));
        assertThat(listed.path("hotels").findValuesAsText("hotelId")).containsExactly(HOTEL);
        assertThat(listed.path("hotels").get(0).path("roomTypes").findValuesAsText("roomTypeId"))
                .containsExactlyInAnyOrder("std", "dlx");
    }

    @Test
    @Order(2)
    void shouldShowALaterPriceChangeOnTheChosenDaysOfTheWeek() throws Exception {
        // Given: the uploaded year
        List<Night> before = nights(HOTEL, "std", FIRST, FIRST.plusDays(28));

        // When: Saturdays of the next four weeks cost 999,000
        HttpResponse<String> change = partner(
                "PUT",
                "/v1/partner/hotels/" + HOTEL + "/room-types/std/nights",
                "{\"from\":\"" + FIRST + "\",\"to\":\"" + FIRST.plusDays(28)
                        + "\",\"daysOfWeek\":[\"SAT\"],\"set\":{\"priceMinor\":999000}}");

        // Then: the answer says what changes, and availability shows it on Saturdays only
        assertThat(change.statusCode()).as(change.body()).isEqualTo(200);
        assertThat(json(change).path("after").path("updated").asInt()).isEqualTo(4);
        List<Night> expected = before.stream()
                .map(n -> n.night().getDayOfWeek() == DayOfWeek.SATURDAY ? n.withPrice(999_000) : n)
                .toList();
        await().atMost(CDC).untilAsserted(() -> assertThat(nights(HOTEL, "std", FIRST, FIRST.plusDays(28)))
                .isEqualTo(expected));
    }

    @Test
    @Order(3)
    void shouldRejectBadUploadsWithAClearReportAndChangeNothing() throws Exception {
        // Given: the catalog as it stands
        String rowsBefore = roomNightsFingerprint();
        List<Night> availabilityBefore = nights(HOTEL, "std", FIRST, FIRST.plusDays(30));

        // When: wrong columns, bad dates, negative numbers, someone else's hotel, and a 50 MB file
        HttpResponse<String> wrongColumns = upload(HOTEL, PARTNER, "room,date,rooms,price\nstd," + FIRST + ",1,1000\n");
        HttpResponse<String> badRows = upload(
                HOTEL,
                PARTNER,
                HEADER + "\n"
                        + "std," + FIRST + ",3,150000,false,,,false,false\n"
                        + "std,2027-02-30,3,150000,false,,,false,false\n"
                        + "std,tomorrow,3,150000,false,,,false,false\n"
                        + "dlx," + FIRST.plusDays(1) + ",-1,-5,false,,,false,false\n");
        HttpResponse<String> foreign =
                upload("bkk-001", PARTNER, HEADER + "\nstd," + FIRST + ",1,1000,false,,,false,false\n");
        HttpResponse<String> huge = hugeUpload(50L * 1024 * 1024);

        // Then: each is refused with a problem that says why, and nothing changed
        assertThat(wrongColumns.statusCode()).isEqualTo(400);
        assertThat(json(wrongColumns).path("detail").asText()).contains("must be exactly the header " + HEADER);
        assertThat(badRows.statusCode()).isEqualTo(422);
        JsonNode report = json(badRows);
        assertThat(report.path("rejected").asInt()).isEqualTo(3);
        assertThat(report.path("rejections").findValuesAsText("night"))
                .containsExactly("2027-02-30", "tomorrow", FIRST.plusDays(1).toString());
        assertThat(report.path("rejections").get(2).path("errors").toString())
                .contains("allotment -1 is negative")
                .contains("price_minor -5 is negative");
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(json(foreign).path("detail").asText()).contains("bkk-001").contains(PARTNER);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(json(huge).path("type").asText()).endsWith("/upload-too-large");
        assertThat(roomNightsFingerprint()).isEqualTo(rowsBefore);
        assertThat(query("SELECT count(*) FROM room_nights WHERE hotel_id = 'bkk-001' AND price_minor = 1000"))
                .isEqualTo("0");
        assertThat(nights(HOTEL, "std", FIRST, FIRST.plusDays(30))).isEqualTo(availabilityBefore);
    }

    @Test
    @Order(4)
    void shouldMoveABookingThroughTheFrontDeskAsCommandsWithEvents() throws Exception {
        // Given: a guest's booking of two nights
        String bookingId = bookDirect(HOTEL, "std", FIRST.plusDays(2), FIRST.plusDays(4));
        String path = "/v1/partner/hotels/" + HOTEL + "/bookings/" + bookingId;

        // When: the front desk checks the guest in and out, then tries a no-show and an unknown booking
        HttpResponse<String> checkIn = partner("POST", path + "/check-in", "");
        HttpResponse<String> checkInAgain = partner("POST", path + "/check-in", "");
        HttpResponse<String> checkOut = partner("POST", path + "/check-out", "");
        HttpResponse<String> noShow = partner("POST", path + "/no-show", "");
        HttpResponse<String> unknown =
                partner("POST", "/v1/partner/hotels/" + HOTEL + "/bookings/no-such/check-in", "");
        HttpResponse<String> foreign = send("POST", path + "/check-out", Principal.PARTNER_HEADER, "someone-else", "");

        // Then
        assertThat(checkIn.statusCode()).as(checkIn.body()).isEqualTo(200);
        assertThat(json(checkIn).path("status").asText()).isEqualTo("CHECKED_IN");
        assertThat(json(checkInAgain).path("status").asText())
                .as("the same transition answers the same")
                .isEqualTo("CHECKED_IN");
        assertThat(json(checkOut).path("status").asText()).isEqualTo("CHECKED_OUT");
        assertThat(noShow.statusCode()).isEqualTo(409);
        assertThat(json(noShow).path("reason").asText()).isEqualTo("INVALID_TRANSITION");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("reason").asText()).isEqualTo("BOOKING_NOT_FOUND");
        assertThat(foreign.statusCode()).isEqualTo(403);
        Topics topics =
                Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()));
        List<String> events =
                TopicReader.readAllBytes(
                                stack.kafka().bootstrapServers(),
                                topics.events().name())
                        .stream()
                        .map(r -> topics.events()
                                .valueSerde()
                                .deserializer()
                                .deserialize(topics.events().name(), r.value()))
                        .filter(e -> e.toString().contains(bookingId))
                        .map(e -> e.getPayload().getClass().getSimpleName())
                        .toList();
        assertThat(events).containsExactly("BookingConfirmed", "BookingCheckedIn", "BookingCheckedOut");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                        query("SELECT string_agg(action, ',' ORDER BY audit_id) FROM audit_log WHERE target = 'booking "
                                + bookingId + "'"))
                .isEqualTo("booking.check-in,booking.check-out"));
    }

    @Test
    @Order(5)
    void shouldHideASuspendedHotelFromGuestsAndServeItAgainOnceApproved() throws Exception {
        // When
        admin("POST", "/v1/admin/hotels/" + HOTEL + "/suspend", "{\"reason\":\"inspection\"}");

        // Then
        await().atMost(CDC).until(() -> json(get("/v1/hotels?city=" + CITY.replace(" ", "%20")))
                .path("hotels")
                .isEmpty());
        assertThat(get("/v1/hotels/" + HOTEL + "/availability?from=" + FIRST + "&to=" + FIRST.plusDays(1))
                        .statusCode())
                .isEqualTo(404);

        // When
        admin("POST", "/v1/admin/hotels/" + HOTEL + "/approve", "");

        // Then
        await().atMost(CDC)
                .until(() -> json(get("/v1/hotels?city=" + CITY.replace(" ", "%20")))
                                .path("hotels")
                                .size()
                        == 1);
        JsonNode audit = json(admin("GET", "/v1/admin/audit?hotelId=" + HOTEL + "&actor=" + ADMIN, null));
        assertThat(audit.path("entries").findValuesAsText("action"))
                .containsExactly("hotel.approve", "hotel.suspend", "hotel.approve");
    }

    @Test
    @Order(6)
    void shouldApplyEveryChangeMadeWhileConnectWasDownOnceAfterItRestarts() throws Exception {
        // Given: a guest holds a room on night A; nights A..D exist
        LocalDate a = FIRST.plusDays(100);
        HttpResponse<String> hold = send(
                "POST",
                "/v1/hotels/" + HOTEL + "/holds",
                "Idempotency-Key",
                "restart-hold",
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + a + "\",\"checkOut\":\"" + a.plusDays(1)
                        + "\",\"quantity\":1}");
        assertThat(hold.statusCode()).as(hold.body()).isEqualTo(201);
        assertThat(nights(HOTEL, "std", a, a.plusDays(1)).get(0).held()).isEqualTo(1);
        int recordsBefore = TopicReader.readAllBytes(stack.kafka().bootstrapServers(), "catalog.public.room_nights")
                .size();

        // When: the Connect worker stops, and the partner changes rows while it is down
        stack.connect().close();
        assertThat(partner(
                                "PUT",
                                "/v1/partner/hotels/" + HOTEL + "/room-types/std/nights",
                                "{\"from\":\"" + a + "\",\"to\":\"" + a.plusDays(4) + "\",\"set\":{\"allotment\":17}}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(partner(
                                "PUT",
                                "/v1/partner/hotels/" + HOTEL + "/room-types/std/nights",
                                "{\"from\":\"" + a + "\",\"to\":\"" + a.plusDays(2)
                                        + "\",\"set\":{\"priceMinor\":444000}}")
                        .statusCode())
                .isEqualTo(200);
        LocalDate beyond = FIRST.plusDays(NIGHTS);
        assertThat(upload(
                                HOTEL,
                                PARTNER,
                                HEADER + "\n" + "dlx," + beyond + ",5,333000,false,,,false,false\n" + "dlx,"
                                        + beyond.plusDays(1) + ",6,333000,false,,,false,false\n")
                        .statusCode())
                .isEqualTo(200);
        execute("DELETE FROM room_nights WHERE hotel_id = '" + HOTEL + "' AND room_type_id = 'std' AND night = '"
                + a.plusDays(3) + "'");
        List<Night> expectedStd = fromDatabase("std", a, a.plusDays(4));
        List<Night> expectedDlx = fromDatabase("dlx", beyond, beyond.plusDays(2));

        // When: Connect starts again on its stored offsets
        stack.restartConnect();

        // Then: every change arrives, in effect once: the new values, the hold still counted once, the
        // deleted night gone, the new nights there
        await().atMost(CDC).untilAsserted(() -> {
            assertThat(nights(HOTEL, "std", a, a.plusDays(4))).isEqualTo(expectedStd);
            assertThat(nights(HOTEL, "dlx", beyond, beyond.plusDays(2))).isEqualTo(expectedDlx);
        });
        assertThat(expectedStd).hasSize(3);
        assertThat(expectedStd.get(0).held()).isEqualTo(1);
        assertThat(expectedStd.get(0).available()).isEqualTo(16);
        // 4 + 2 + 2 row changes and 1 delete (row + tombstone) were written while Connect was down
        int changes = TopicReader.readAllBytes(stack.kafka().bootstrapServers(), "catalog.public.room_nights")
                        .size()
                - recordsBefore;
        log.info(
                "catalog.public.room_nights records after the restart: {} (changes made while down: 9 + tombstone)",
                changes);
        assertThat(changes).isGreaterThanOrEqualTo(10);
        HttpResponse<String> second = send(
                "POST",
                "/v1/hotels/" + HOTEL + "/holds",
                "Idempotency-Key",
                "restart-hold-2",
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + a + "\",\"checkOut\":\"" + a.plusDays(1)
                        + "\",\"quantity\":1}");
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(nights(HOTEL, "std", a, a.plusDays(1)).get(0).held()).isEqualTo(2);
    }

    @Test
    @Order(7)
    void shouldShowZeroAndReportOverbookingWhenThePartnerLowersAnAllotmentBelowWhatIsHeld() throws Exception {
        // Given: night A has two holds (the previous test)
        LocalDate a = FIRST.plusDays(100);
        assertThat(nights(HOTEL, "std", a, a.plusDays(1)).get(0).held()).isEqualTo(2);

        // When: the partner lowers its allotment to one room
        HttpResponse<String> lowered = partner(
                "PUT",
                "/v1/partner/hotels/" + HOTEL + "/room-types/std/nights",
                "{\"from\":\"" + a + "\",\"to\":\"" + a.plusDays(1) + "\",\"set\":{\"allotment\":1}}");

        // Then: no guest loses a room, the night shows zero, and the hotel is told
        assertThat(lowered.statusCode()).as(lowered.body()).isEqualTo(200);
        await().atMost(CDC).untilAsserted(() -> {
            Night night = nights(HOTEL, "std", a, a.plusDays(1)).get(0);
            assertThat(night.allotment()).isEqualTo(1);
            assertThat(night.held()).isEqualTo(2);
            assertThat(night.available()).isZero();
        });
        Topics topics =
                Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()));
        await().atMost(CDC).untilAsserted(() -> assertThat(
                        TopicReader.readAllBytes(
                                        stack.kafka().bootstrapServers(),
                                        topics.events().name())
                                .stream()
                                .map(r -> topics.events()
                                        .valueSerde()
                                        .deserializer()
                                        .deserialize(topics.events().name(), r.value()))
                                .filter(e -> HOTEL.equals(e.getHotelId()))
                                .map(e -> e.getPayload())
                                .filter(p -> p instanceof InventoryOverbooked o
                                        && o.getNight().equals(a))
                                .map(p -> ((InventoryOverbooked) p).getExcess())
                                .toList())
                .containsExactly(1));
    }

    @Test
    @Order(8)
    void shouldStopSellingADeactivatedRoomTypeAndKeepItsHolds() throws Exception {
        // Given: a guest's hold on the deluxe rooms
        LocalDate in = FIRST.plusDays(150);
        HttpResponse<String> hold = send(
                "POST",
                "/v1/hotels/" + HOTEL + "/holds",
                "Idempotency-Key",
                "dlx-before",
                "{\"roomTypeId\":\"dlx\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + in.plusDays(1)
                        + "\",\"quantity\":1}");
        assertThat(hold.statusCode()).as(hold.body()).isEqualTo(201);
        String holdId = json(hold).path("holdId").asText();

        // When: the partner deactivates the room type
        HttpResponse<String> deactivated = partner(
                "PUT",
                "/v1/partner/hotels/" + HOTEL + "/room-types/dlx",
                "{\"name\":\"Deluxe\",\"capacity\":3,\"totalRooms\":12,\"basePriceMinor\":150000,\"active\":false}");

        // Then: it leaves the listing and stops selling; the hold is kept
        assertThat(json(deactivated).path("action").asText()).isEqualTo("room-type.deactivate");
        await().atMost(CDC).until(() -> !listedRoomTypes().contains("dlx"));
        HttpResponse<String> refused = send(
                "POST",
                "/v1/hotels/" + HOTEL + "/holds",
                "Idempotency-Key",
                "dlx-after",
                "{\"roomTypeId\":\"dlx\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + in.plusDays(1)
                        + "\",\"quantity\":1}");
        assertThat(json(refused).path("reason").asText()).isEqualTo("ROOM_TYPE_NOT_FOUND");
        HttpResponse<String> kept = get("/v1/hotels/" + HOTEL + "/holds/" + holdId);
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(json(kept).path("status").asText()).isEqualTo("ACTIVE");

        // When / Then: reactivated, it sells again
        partner(
                "PUT",
                "/v1/partner/hotels/" + HOTEL + "/room-types/dlx",
                "{\"name\":\"Deluxe\",\"capacity\":3,\"totalRooms\":12,\"basePriceMinor\":150000,\"active\":true}");
        await().atMost(CDC).until(() -> listedRoomTypes().contains("dlx"));
    }

    private static List<String> listedRoomTypes() throws Exception {
        JsonNode hotels =
                json(get("/v1/hotels?city=" + CITY.replace(" ", "%20"))).path("hotels");
        return hotels.isEmpty() ? List.of() : hotels.get(0).path("roomTypes").findValuesAsText("roomTypeId");
    }

    // ---- the expected year

    /** One night as availability shows it. */
    record Night(
            LocalDate night,
            int allotment,
            int held,
            int sold,
            int available,
            long priceMinor,
            boolean stopSell,
            Integer minLos,
            Integer maxLos,
            boolean closedToArrival,
            boolean closedToDeparture) {

        Night withPrice(long price) {
            return new Night(
                    night,
                    allotment,
                    held,
                    sold,
                    available,
                    price,
                    stopSell,
                    minLos,
                    maxLos,
                    closedToArrival,
                    closedToDeparture);
        }
    }

    /** A year of distinct nights: allotments, prices and restrictions vary from night to night. */
    private static List<Night> year(String roomType) {
        List<Night> nights = new ArrayList<>();
        for (int i = 0; i < NIGHTS; i++) {
            boolean std = roomType.equals("std");
            int allotment = std ? 5 + i % 20 : 1 + i % 12;
            long price = std ? 150_000 + (i % 50) * 1_000 : 300_000 + (i % 30) * 2_000;
            boolean stopSell = std && i % 45 == 44;
            Integer minLos = std && i % 7 == 4 ? 2 : null;
            Integer maxLos = !std && i % 30 == 0 ? 14 : null;
            boolean cta = i % 60 == 59;
            boolean ctd = std && i % 61 == 60;
            nights.add(new Night(
                    FIRST.plusDays(i),
                    allotment,
                    0,
                    0,
                    stopSell ? 0 : allotment,
                    price,
                    stopSell,
                    minLos,
                    maxLos,
                    cta,
                    ctd));
        }
        return nights;
    }

    private static String csv(Map<String, List<Night>> byRoomType) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        byRoomType.forEach((roomType, nights) -> nights.forEach(n -> csv.append(roomType)
                .append(',')
                .append(n.night())
                .append(',')
                .append(n.allotment())
                .append(',')
                .append(n.priceMinor())
                .append(',')
                .append(n.stopSell())
                .append(',')
                .append(n.minLos() == null ? "" : n.minLos())
                .append(',')
                .append(n.maxLos() == null ? "" : n.maxLos())
                .append(',')
                .append(n.closedToArrival())
                .append(',')
                .append(n.closedToDeparture())
                .append('\n')));
        return csv.toString();
    }

    // ---- reading what guests see, and what the database holds

    private static List<Night> nights(String hotelId, String roomType, LocalDate from, LocalDate to) throws Exception {
        HttpResponse<String> response =
                get("/v1/hotels/" + hotelId + "/availability?from=" + from + "&to=" + to + "&roomType=" + roomType);
        if (response.statusCode() != 200) {
            return List.of();
        }
        List<Night> nights = new ArrayList<>();
        for (JsonNode n : json(response).path("roomTypes").get(0).path("nights")) {
            nights.add(new Night(
                    LocalDate.parse(n.path("night").asText()),
                    n.path("allotment").asInt(),
                    n.path("held").asInt(),
                    n.path("sold").asInt(),
                    n.path("available").asInt(),
                    n.path("priceMinor").asLong(),
                    n.path("stopSell").asBoolean(),
                    n.path("minLos").isNull() ? null : n.path("minLos").asInt(),
                    n.path("maxLos").isNull() ? null : n.path("maxLos").asInt(),
                    n.path("closedToArrival").asBoolean(),
                    n.path("closedToDeparture").asBoolean()));
        }
        return nights;
    }

    /** The nights of [from, to) as PostgreSQL has them, with the counters the store holds now. */
    private static List<Night> fromDatabase(String roomType, LocalDate from, LocalDate to) throws Exception {
        Map<LocalDate, Night> counters = new LinkedHashMap<>();
        nights(HOTEL, roomType, from, to).forEach(n -> counters.put(n.night(), n));
        List<Night> rows = new ArrayList<>();
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT night, allotment, price_minor, stop_sell, min_los, max_los,"
                        + " closed_to_arrival, closed_to_departure FROM room_nights WHERE hotel_id = '" + HOTEL
                        + "' AND room_type_id = '" + roomType + "' AND night >= '" + from + "' AND night < '" + to
                        + "' ORDER BY night")) {
            while (rs.next()) {
                LocalDate night = rs.getObject(1, LocalDate.class);
                int held = counters.containsKey(night) ? counters.get(night).held() : 0;
                int sold = counters.containsKey(night) ? counters.get(night).sold() : 0;
                int allotment = rs.getInt(2);
                boolean stopSell = rs.getBoolean(4);
                rows.add(new Night(
                        night,
                        allotment,
                        held,
                        sold,
                        stopSell ? 0 : Math.max(0, allotment - held - sold),
                        rs.getLong(3),
                        stopSell,
                        (Integer) rs.getObject(5),
                        (Integer) rs.getObject(6),
                        rs.getBoolean(7),
                        rs.getBoolean(8)));
            }
        }
        return rows;
    }

    private static String roomNightsFingerprint() throws SQLException {
        return query("SELECT count(*) || ':' || md5(string_agg(hotel_id || room_type_id || night || allotment"
                + " || price_minor || stop_sell || coalesce(min_los, 0) || coalesce(max_los, 0) || closed_to_arrival"
                + " || closed_to_departure, ',' ORDER BY hotel_id, room_type_id, night)) FROM room_nights");
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A confirmed booking made the way a guest's is: a command through Kafka. */
    private static String bookDirect(String hotelId, String roomType, LocalDate in, LocalDate out) {
        Topics topics =
                Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()));
        try (ReservationFacade facade = new ReservationFacade(
                stack.kafka().bootstrapServers(), "it-guest", topics, Duration.ofSeconds(30), 10)) {
            CommandOutcome outcome = new CommandService(facade)
                    .submit(
                            new Principal("it-guest"),
                            hotelId,
                            "book-" + in,
                            new BookDirect(roomType, in, out, 1, "tok_ok"))
                    .join();
            assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
            return ((CommandOutcome.Accepted) outcome).result().getBooking().getBookingId();
        }
    }

    // ---- HTTP

    private static String roomType(String name, int capacity, int rooms) {
        return "{\"name\":\"" + name + "\",\"capacity\":" + capacity + ",\"totalRooms\":" + rooms
                + ",\"basePriceMinor\":150000}";
    }

    private static HttpResponse<String> upload(String hotelId, String partner, String csv) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(stack.nodeUrl() + "/v1/partner/hotels/" + hotelId + "/nights:upload"))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "text/csv")
                        .header(Principal.PARTNER_HEADER, partner)
                        .POST(HttpRequest.BodyPublishers.ofString(csv))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A CSV body of {@code bytes} bytes, streamed with its length declared. */
    private static HttpResponse<String> hugeUpload(long bytes) throws Exception {
        byte[] line = ("std," + FIRST + ",1,1000,false,,,false,false\n").getBytes();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(stack.nodeUrl() + "/v1/partner/hotels/" + HOTEL + "/nights:upload"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/csv")
                .header(Principal.PARTNER_HEADER, PARTNER)
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatingStream(HEADER + "\n", line, bytes)),
                        bytes))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A header, then one line over and over, {@code length} bytes in all. */
    private static final class RepeatingStream extends InputStream {
        private final byte[] header;
        private final byte[] line;
        private final long length;
        private long position;

        RepeatingStream(String header, byte[] line, long length) {
            this.header = header.getBytes();
            this.line = line;
            this.length = length;
        }

        @Override
        public int read() {
            if (position >= length) {
                return -1;
            }
            long p = position++;
            return p < header.length ? header[(int) p] : line[(int) ((p - header.length) % line.length)];
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) read();
            }
            return n;
        }
    }

    private static HttpResponse<String> partner(String method, String path, String body) throws Exception {
        return send(method, path, Principal.PARTNER_HEADER, PARTNER, body);
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return send(method, path, Principal.ADMIN_HEADER, ADMIN, body);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, null, null);
    }

    private static HttpResponse<String> send(String method, String path, String header, String value, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.nodeUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (header != null) {
            request.header(header, value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
