package io.innflow.infra;

import static io.innflow.infra.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.api.http.Principal;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.api.reservation.CommandService;
import io.innflow.api.reservation.MockPayments;
import io.innflow.api.reservation.ReservationFacade;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.InventoryOverbooked;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.serde.CatalogTable;
import io.innflow.schemas.topics.Topics;
import java.io.InputStream;
import java.net.http.HttpRequest;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner path end to end on the real stack: partner and admin calls write PostgreSQL, Debezium
 * in the Connect worker carries the rows to Kafka, the topology merges them, and the guest API shows
 * them. Each test creates, approves and fills a hotel of its own, in a city of its own. One test stops
 * the shared stack's Connect worker and starts it again before it ends, whatever happens.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PartnerCatalogIT {

    private static final Logger log = LoggerFactory.getLogger(PartnerCatalogIT.class);
    private static final String PARTNER = "it-partner";
    private static final String ADMIN = "it-admin";
    private static final int NIGHTS = 365;
    /** Nights uploaded for the hotels of tests that do not need a whole year. */
    private static final int SHORT = 30;

    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(1);
    /** How long CDC may take to carry a change to availability before a test fails. */
    private static final Duration CDC = Duration.ofSeconds(60);

    private static final Duration POLL = Duration.ofMillis(50);

    private static final String HEADER = "room_type_id,night,allotment,price_minor,stop_sell,min_los,max_los,"
            + "closed_to_arrival,closed_to_departure";

    private static EmbeddedStack stack;
    private static ApiClient api;
    private static Topics topics;

    @BeforeAll
    static void useSharedStack(EmbeddedStack shared) {
        stack = shared;
        // Guests' calls carry this token; partner and admin calls send their own.
        api = new ApiClient(stack.nodeUrl(), TestTokens.guest(stack, "pc-guest"));
        OpenApiContract.get().exercisedBy(PartnerCatalogIT.class);
        topics = Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()));
    }

    @Test
    void shouldShowAYearOfUploadedNightsOnceAnAdminHasApprovedThePartnersHotel() throws Exception {
        String hotel = "pc-year";
        String city = "Chiang Rai";
        // Given: a partner's new hotel with two room types, pending until an admin approves it
        createHotel(hotel, city);
        JsonNode pending =
                admin("GET", "/v1/admin/hotels?status=pending&limit=500", null).json();
        assertThat(pending.path("hotels").findValuesAsText("hotelId")).contains(hotel);
        assertThat(api.get("/v1/hotels/" + hotel + "/availability?from=" + FIRST + "&to=" + FIRST.plusDays(1))
                        .status())
                .as("a pending hotel is not served")
                .isEqualTo(404);

        // When: the admin approves it and the partner uploads a year of nights of both room types by CSV
        ApiClient.Response approved = admin("POST", "/v1/admin/hotels/" + hotel + "/approve", "");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        Map<String, List<Night>> year = Map.of("std", year("std", NIGHTS), "dlx", year("dlx", NIGHTS));
        ApiClient.Response uploaded = upload(hotel, PARTNER, csv(year));
        long committed = System.nanoTime();

        // Then: within a bounded time, availability shows exactly those numbers, and the hotel is listed
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        assertThat(uploaded.json().path("inserted").asInt()).isEqualTo(2 * NIGHTS);
        await().atMost(CDC).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(nights(hotel, "std", FIRST, FIRST.plusDays(NIGHTS))).isEqualTo(year.get("std"));
            assertThat(nights(hotel, "dlx", FIRST, FIRST.plusDays(NIGHTS))).isEqualTo(year.get("dlx"));
        });
        log.info(
                "TIMING {} uploaded nights visible in availability {} ms after the upload's commit",
                2 * NIGHTS,
                (System.nanoTime() - committed) / 1_000_000);
        JsonNode listed = api.get("/v1/hotels?city=" + city.replace(" ", "%20")).json();
        assertThat(listed.path("hotels").findValuesAsText("hotelId")).containsExactly(hotel);
        assertThat(listed.path("hotels").get(0).path("roomTypes").findValuesAsText("roomTypeId"))
                .containsExactlyInAnyOrder("std", "dlx");
    }

    @Test
    void shouldShowALaterPriceChangeOnTheChosenDaysOfTheWeek() throws Exception {
        // Given: an uploaded month
        String hotel = servedHotel("pc-price");
        List<Night> before = nights(hotel, "std", FIRST, FIRST.plusDays(28));

        // When: Saturdays of the next four weeks cost 999,000
        ApiClient.Response change = partner(
                "PUT",
                "/v1/partner/hotels/" + hotel + "/room-types/std/nights",
                "{\"from\":\"" + FIRST + "\",\"to\":\"" + FIRST.plusDays(28)
                        + "\",\"daysOfWeek\":[\"SAT\"],\"set\":{\"priceMinor\":999000}}");

        // Then: the answer says what changes, and availability shows it on Saturdays only
        assertThat(change.status()).as(change.body()).isEqualTo(200);
        assertThat(change.json().path("after").path("updated").asInt()).isEqualTo(4);
        List<Night> expected = before.stream()
                .map(n -> n.night().getDayOfWeek() == DayOfWeek.SATURDAY ? n.withPrice(999_000) : n)
                .toList();
        await().atMost(CDC).pollInterval(POLL).untilAsserted(() -> assertThat(
                        nights(hotel, "std", FIRST, FIRST.plusDays(28)))
                .isEqualTo(expected));
    }

    @Test
    void shouldRejectBadUploadsWithAClearReportAndChangeNothing() throws Exception {
        // Given: the catalog as it stands
        String hotel = servedHotel("pc-bad-upload");
        String rowsBefore = roomNightsFingerprint();
        List<Night> availabilityBefore = nights(hotel, "std", FIRST, FIRST.plusDays(30));

        // When: wrong columns, bad dates, negative numbers, someone else's hotel, and a 50 MB file
        ApiClient.Response wrongColumns = upload(hotel, PARTNER, "room,date,rooms,price\nstd," + FIRST + ",1,1000\n");
        ApiClient.Response badRows = upload(
                hotel,
                PARTNER,
                HEADER + "\n"
                        + "std," + FIRST + ",3,150000,false,,,false,false\n"
                        + "std,2027-02-30,3,150000,false,,,false,false\n"
                        + "std,tomorrow,3,150000,false,,,false,false\n"
                        + "dlx," + FIRST.plusDays(1) + ",-1,-5,false,,,false,false\n");
        ApiClient.Response foreign =
                upload("bkk-001", PARTNER, HEADER + "\nstd," + FIRST + ",1,1000,false,,,false,false\n");
        ApiClient.Response huge = hugeUpload(hotel, 50L * 1024 * 1024);

        // Then: each is refused with a problem that says why, and nothing changed
        assertThat(assertProblem(wrongColumns, 400, "invalid-upload-header")
                        .path("detail")
                        .asText())
                .contains("must be exactly the header " + HEADER);
        JsonNode report = assertProblem(badRows, 422, "invalid-upload");
        assertThat(report.path("rejected").asInt()).isEqualTo(3);
        assertThat(report.path("rejections").findValuesAsText("night"))
                .containsExactly("2027-02-30", "tomorrow", FIRST.plusDays(1).toString());
        assertThat(report.path("rejections").get(2).path("errors").toString())
                .contains("allotment -1 is negative")
                .contains("price_minor -5 is negative");
        assertThat(assertProblem(foreign, 403, "forbidden").path("detail").asText())
                .contains("bkk-001")
                .contains(PARTNER);
        assertProblem(huge, 413, "upload-too-large");
        assertThat(roomNightsFingerprint()).isEqualTo(rowsBefore);
        assertThat(query("SELECT count(*) FROM room_nights WHERE hotel_id = 'bkk-001' AND price_minor = 1000"))
                .isEqualTo("0");
        assertThat(nights(hotel, "std", FIRST, FIRST.plusDays(30))).isEqualTo(availabilityBefore);
    }

    @Test
    void shouldMoveABookingThroughTheFrontDeskAsCommandsWithEvents() throws Exception {
        // Given: a guest's booking of two nights
        String hotel = servedHotel("pc-front-desk");
        String bookingId = bookDirect(hotel, "std", FIRST.plusDays(2), FIRST.plusDays(4));
        String path = "/v1/partner/hotels/" + hotel + "/bookings/" + bookingId;

        // When: the front desk checks the guest in and out, then tries a no-show and an unknown booking
        ApiClient.Response checkIn = partner("POST", path + "/check-in", "");
        ApiClient.Response checkInAgain = partner("POST", path + "/check-in", "");
        ApiClient.Response checkOut = partner("POST", path + "/check-out", "");
        ApiClient.Response noShow = partner("POST", path + "/no-show", "");
        ApiClient.Response unknown = partner("POST", "/v1/partner/hotels/" + hotel + "/bookings/no-such/check-in", "");
        ApiClient.Response foreign = api.json(
                "POST",
                path + "/check-out",
                "",
                "Authorization",
                TestTokens.bearer(TestTokens.partner(stack, "someone-else")));

        // Then
        assertThat(checkIn.status()).as(checkIn.body()).isEqualTo(200);
        assertThat(checkIn.json().path("status").asText()).isEqualTo("CHECKED_IN");
        assertThat(checkInAgain.json().path("status").asText())
                .as("the same transition answers the same")
                .isEqualTo("CHECKED_IN");
        assertThat(checkOut.json().path("status").asText()).isEqualTo("CHECKED_OUT");
        assertThat(assertProblem(noShow, 409, "invalid-transition")
                        .path("reason")
                        .asText())
                .isEqualTo("INVALID_TRANSITION");
        assertThat(assertProblem(unknown, 404, "booking-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("BOOKING_NOT_FOUND");
        assertProblem(foreign, 403, "forbidden");
        List<String> events =
                TopicReader.readAllBytes(
                                stack.kafka().bootstrapServers(),
                                topics.events().name())
                        .stream()
                        // Other classes on the shared stack write poison on purpose (AnalyticsSinkIT).
                        .filter(r -> TopicReader.inWireFormat(r.value()))
                        .map(r -> topics.events()
                                .valueSerde()
                                .deserializer()
                                .deserialize(topics.events().name(), r.value()))
                        .filter(e -> e.toString().contains(bookingId))
                        .map(e -> e.getPayload().getClass().getSimpleName())
                        .toList();
        assertThat(events).containsExactly("BookingConfirmed", "BookingCheckedIn", "BookingCheckedOut");
        await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).untilAsserted(() -> assertThat(
                        query("SELECT string_agg(action, ',' ORDER BY audit_id) FROM audit_log WHERE target = 'booking "
                                + bookingId + "'"))
                .isEqualTo("booking.check-in,booking.check-out"));
    }

    @Test
    void shouldHideASuspendedHotelFromGuestsAndServeItAgainOnceApproved() throws Exception {
        // Given
        String hotel = servedHotel("pc-suspend");

        // When
        admin("POST", "/v1/admin/hotels/" + hotel + "/suspend", "{\"reason\":\"inspection\"}");

        // Then
        await().atMost(CDC).pollInterval(POLL).until(() -> api.get("/v1/hotels?city=" + city(hotel))
                .json()
                .path("hotels")
                .isEmpty());
        assertThat(api.get("/v1/hotels/" + hotel + "/availability?from=" + FIRST + "&to=" + FIRST.plusDays(1))
                        .status())
                .isEqualTo(404);

        // When
        admin("POST", "/v1/admin/hotels/" + hotel + "/approve", "");

        // Then
        await().atMost(CDC)
                .pollInterval(POLL)
                .until(() -> api.get("/v1/hotels?city=" + city(hotel))
                                .json()
                                .path("hotels")
                                .size()
                        == 1);
        JsonNode audit = admin("GET", "/v1/admin/audit?hotelId=" + hotel + "&actor=" + ADMIN, null)
                .json();
        assertThat(audit.path("entries").findValuesAsText("action"))
                .containsExactly("hotel.approve", "hotel.suspend", "hotel.approve");
    }

    @Test
    void shouldApplyEveryChangeMadeWhileConnectWasDownOnceAfterItRestarts() throws Exception {
        // Given: a guest holds a room on night A; nights A..D exist
        String hotel = servedHotel("pc-connect");
        // Nights whose uploaded allotment is not 17 already, so each change below writes a row
        LocalDate a = FIRST.plusDays(20);
        ApiClient.Response hold = holdOne(hotel, "std", a, "pc-restart-hold");
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        assertThat(nights(hotel, "std", a, a.plusDays(1)).get(0).held()).isEqualTo(1);
        String roomNights = topics.catalog(CatalogTable.ROOM_NIGHTS).name();
        int recordsBefore = TopicReader.readAllBytes(stack.kafka().bootstrapServers(), roomNights)
                .size();

        // When: the Connect worker stops, and the partner changes rows while it is down
        LocalDate beyond = FIRST.plusDays(SHORT);
        List<Night> expectedStd;
        List<Night> expectedDlx;
        stack.connect().close();
        try {
            assertThat(partner(
                                    "PUT",
                                    "/v1/partner/hotels/" + hotel + "/room-types/std/nights",
                                    "{\"from\":\"" + a + "\",\"to\":\"" + a.plusDays(4)
                                            + "\",\"set\":{\"allotment\":17}}")
                            .status())
                    .isEqualTo(200);
            assertThat(partner(
                                    "PUT",
                                    "/v1/partner/hotels/" + hotel + "/room-types/std/nights",
                                    "{\"from\":\"" + a + "\",\"to\":\"" + a.plusDays(2)
                                            + "\",\"set\":{\"priceMinor\":444000}}")
                            .status())
                    .isEqualTo(200);
            assertThat(upload(
                                    hotel,
                                    PARTNER,
                                    HEADER + "\n" + "dlx," + beyond + ",5,333000,false,,,false,false\n" + "dlx,"
                                            + beyond.plusDays(1) + ",6,333000,false,,,false,false\n")
                            .status())
                    .isEqualTo(200);
            execute("DELETE FROM room_nights WHERE hotel_id = '" + hotel + "' AND room_type_id = 'std' AND night = '"
                    + a.plusDays(3) + "'");
            expectedStd = fromDatabase(hotel, "std", a, a.plusDays(4));
            expectedDlx = fromDatabase(hotel, "dlx", beyond, beyond.plusDays(2));
        } finally {
            // When: Connect starts again on its stored offsets (always: later classes share this stack)
            stack.restartConnect();
        }

        // Then: every change arrives, in effect once: the new values, the hold still counted once, the
        // deleted night gone, the new nights there
        await().atMost(CDC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(nights(hotel, "std", a, a.plusDays(4))).isEqualTo(expectedStd);
            assertThat(nights(hotel, "dlx", beyond, beyond.plusDays(2))).isEqualTo(expectedDlx);
        });
        assertThat(expectedStd).hasSize(3);
        assertThat(expectedStd.get(0).held()).isEqualTo(1);
        assertThat(expectedStd.get(0).available()).isEqualTo(16);
        // 4 + 2 + 2 row changes and 1 delete (row + tombstone) were written while Connect was down
        int changes = TopicReader.readAllBytes(stack.kafka().bootstrapServers(), roomNights)
                        .size()
                - recordsBefore;
        log.info("{} records after the restart: {} (changes made while down: 9 + tombstone)", roomNights, changes);
        assertThat(changes).isGreaterThanOrEqualTo(10);
        ApiClient.Response second = holdOne(hotel, "std", a, "pc-restart-hold-2");
        assertThat(second.status()).isEqualTo(201);
        assertThat(nights(hotel, "std", a, a.plusDays(1)).get(0).held()).isEqualTo(2);
    }

    @Test
    void shouldShowZeroAndReportOverbookingWhenThePartnerLowersAnAllotmentBelowWhatIsHeld() throws Exception {
        // Given: night A has two holds
        String hotel = servedHotel("pc-overbook");
        LocalDate a = FIRST.plusDays(10);
        assertThat(holdOne(hotel, "std", a, "pc-overbook-1").status()).isEqualTo(201);
        assertThat(holdOne(hotel, "std", a, "pc-overbook-2").status()).isEqualTo(201);
        assertThat(nights(hotel, "std", a, a.plusDays(1)).get(0).held()).isEqualTo(2);

        // When: the partner lowers its allotment to one room
        ApiClient.Response lowered = partner(
                "PUT",
                "/v1/partner/hotels/" + hotel + "/room-types/std/nights",
                "{\"from\":\"" + a + "\",\"to\":\"" + a.plusDays(1) + "\",\"set\":{\"allotment\":1}}");

        // Then: no guest loses a room, the night shows zero, and the hotel is told
        assertThat(lowered.status()).as(lowered.body()).isEqualTo(200);
        await().atMost(CDC).pollInterval(POLL).untilAsserted(() -> {
            Night night = nights(hotel, "std", a, a.plusDays(1)).get(0);
            assertThat(night.allotment()).isEqualTo(1);
            assertThat(night.held()).isEqualTo(2);
            assertThat(night.available()).isZero();
        });
        await().atMost(CDC).pollInterval(POLL).untilAsserted(() -> assertThat(
                        TopicReader.readAllBytes(
                                        stack.kafka().bootstrapServers(),
                                        topics.events().name())
                                .stream()
                                .filter(r -> TopicReader.inWireFormat(r.value()))
                                .map(r -> topics.events()
                                        .valueSerde()
                                        .deserializer()
                                        .deserialize(topics.events().name(), r.value()))
                                .filter(e -> hotel.equals(e.getHotelId()))
                                .map(e -> e.getPayload())
                                .filter(p -> p instanceof InventoryOverbooked o
                                        && o.getNight().equals(a))
                                .map(p -> ((InventoryOverbooked) p).getExcess())
                                .toList())
                .containsExactly(1));
    }

    @Test
    void shouldStopSellingADeactivatedRoomTypeAndKeepItsHolds() throws Exception {
        // Given: a guest's hold on the deluxe rooms
        String hotel = servedHotel("pc-deactivate");
        LocalDate in = FIRST.plusDays(5);
        ApiClient.Response hold = holdOne(hotel, "dlx", in, "pc-dlx-before");
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        String holdId = hold.json().path("holdId").asText();

        // When: the partner deactivates the room type
        ApiClient.Response deactivated = partner(
                "PUT",
                "/v1/partner/hotels/" + hotel + "/room-types/dlx",
                "{\"name\":\"Deluxe\",\"capacity\":3,\"totalRooms\":12,\"basePriceMinor\":150000,\"active\":false}");

        // Then: it leaves the listing and stops selling; the hold is kept
        assertThat(deactivated.json().path("action").asText()).isEqualTo("room-type.deactivate");
        await().atMost(CDC).pollInterval(POLL).until(() -> !listedRoomTypes(hotel)
                .contains("dlx"));
        ApiClient.Response refused = holdOne(hotel, "dlx", in, "pc-dlx-after");
        assertThat(assertProblem(refused, 404, "room-type-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("ROOM_TYPE_NOT_FOUND");
        ApiClient.Response kept = api.get("/v1/hotels/" + hotel + "/holds/" + holdId);
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().path("status").asText()).isEqualTo("ACTIVE");

        // When / Then: reactivated, it sells again
        partner(
                "PUT",
                "/v1/partner/hotels/" + hotel + "/room-types/dlx",
                "{\"name\":\"Deluxe\",\"capacity\":3,\"totalRooms\":12,\"basePriceMinor\":150000,\"active\":true}");
        await().atMost(CDC).pollInterval(POLL).until(() -> listedRoomTypes(hotel)
                .contains("dlx"));
    }

    @Test
    void shouldAnswerEveryPartnerAndAdminErrorWithItsProblem() throws Exception {
        // Given: a partner's served hotel with a guest's booking, and another partner
        String hotel = servedHotel("pc-errors");
        String other = "someone-else";
        String bookingId = bookDirect(hotel, "std", FIRST.plusDays(6), FIRST.plusDays(7));
        String booking = "/v1/partner/hotels/" + hotel + "/bookings/" + bookingId;
        String mine = "/v1/partner/hotels/" + hotel;
        String unknown = "/v1/partner/hotels/no-such-hotel";
        String hotelBody = "{\"name\":\"Renamed Lodge\",\"city\":\"" + city(hotel) + "\"}";
        String nights = mine + "/room-types/std/nights";

        // When / Then: the partner's own reads and writes answer
        assertThat(partner("GET", "/v1/partner/hotels", null)
                        .json()
                        .path("hotels")
                        .findValuesAsText("hotelId"))
                .contains(hotel);
        assertThat(partner("GET", mine, null).json().findValuesAsText("hotelId"))
                .contains(hotel);
        ApiClient.Response renamed = partner("PUT", mine, hotelBody);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        ApiClient.Response same = partner("PUT", mine + "/room-types/std", roomType("Standard", 2, 30));
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        ApiClient.Response noShow = partner("POST", booking + "/no-show", "");
        assertThat(noShow.status()).as(noShow.body()).isEqualTo(200);
        assertThat(noShow.json().path("status").asText()).isEqualTo("NO_SHOW");

        // Then: no credential is 401 everywhere, a guest's token 403
        for (String[] call : new String[][] {
            {"GET", "/v1/partner/hotels"},
            {"POST", "/v1/partner/hotels"},
            {"GET", mine},
            {"PUT", mine},
            {"PUT", mine + "/room-types/std"},
            {"PUT", nights},
            {"POST", booking + "/check-in"},
            {"POST", booking + "/check-out"},
            {"POST", booking + "/no-show"},
            {"GET", "/v1/admin/hotels"},
            {"GET", "/v1/admin/audit"},
            {"POST", "/v1/admin/hotels/" + hotel + "/approve"},
            {"POST", "/v1/admin/hotels/" + hotel + "/suspend"}
        }) {
            assertProblem(
                    api.anonymous().json(call[0], call[1], call[0].equals("GET") ? null : "{}"),
                    401,
                    "unauthenticated");
            assertProblem(api.json(call[0], call[1], call[0].equals("GET") ? null : "{}"), 403, "forbidden");
        }
        assertProblem(
                api.anonymous()
                        .send("POST", mine + "/nights:upload", "text/csv", HttpRequest.BodyPublishers.ofString(HEADER)),
                401,
                "unauthenticated");

        // And another partner's hotel is 403, an unknown one 404, a bad id or body 400
        String otherBody = "{\"name\":\"x\",\"city\":\"y\"}";
        for (String[] call : new String[][] {
            {"GET", mine, null},
            {"PUT", mine, otherBody},
            {"PUT", mine + "/room-types/std", roomType("Standard", 2, 30)},
            {
                "PUT",
                nights,
                "{\"from\":\"" + FIRST + "\",\"to\":\"" + FIRST.plusDays(1) + "\",\"set\":{\"allotment\":1}}"
            },
            {"POST", booking + "/check-in", ""},
            {"POST", booking + "/no-show", ""}
        }) {
            assertProblem(
                    api.json(
                            call[0],
                            call[1],
                            call[2],
                            "Authorization",
                            TestTokens.bearer(TestTokens.partner(stack, other))),
                    403,
                    "forbidden");
        }
        assertProblem(partner("GET", unknown, null), 404, "hotel-not-found");
        assertProblem(partner("PUT", unknown, otherBody), 404, "hotel-not-found");
        assertProblem(partner("PUT", unknown + "/room-types/std", roomType("Standard", 2, 30)), 404, "hotel-not-found");
        assertProblem(
                partner(
                        "PUT",
                        mine + "/room-types/suite/nights",
                        "{\"from\":\"" + FIRST + "\",\"to\":\"" + FIRST.plusDays(1) + "\",\"set\":{\"allotment\":1}}"),
                404,
                "room-type-not-found");
        assertProblem(upload("no-such-hotel", PARTNER, HEADER + "\n"), 404, "hotel-not-found");
        assertProblem(partner("POST", mine + "/bookings/no-such/check-out", ""), 404, "booking-not-found");
        assertProblem(partner("POST", mine + "/bookings/no-such/no-show", ""), 404, "booking-not-found");
        assertProblem(partner("GET", "/v1/partner/hotels/bad%20id", null), 400, "invalid-request");
        assertProblem(partner("PUT", mine, "{}"), 400, "invalid-request");
        assertProblem(partner("POST", "/v1/partner/hotels", "{}"), 400, "invalid-request");
        assertProblem(partner("PUT", mine + "/room-types/std", "{}"), 400, "invalid-request");
        assertProblem(partner("PUT", nights, "{}"), 400, "invalid-request");
        String badBooking = mine + "/bookings/" + "x".repeat(70);
        assertProblem(partner("POST", badBooking + "/check-in", ""), 400, "invalid-request");
        assertProblem(partner("POST", badBooking + "/check-out", ""), 400, "invalid-request");
        assertProblem(partner("POST", badBooking + "/no-show", ""), 400, "invalid-request");
        assertThat(assertProblem(
                                partner(
                                        "POST",
                                        "/v1/partner/hotels",
                                        "{\"hotelId\":\"" + hotel + "\",\"name\":\"x\",\"city\":\"y\"}"),
                                409,
                                "hotel-exists")
                        .path("reason")
                        .asText())
                .isEqualTo("HOTEL_EXISTS");
        assertThat(assertProblem(
                                partner(
                                        "PUT",
                                        nights,
                                        "{\"from\":\"" + FIRST.plusDays(SHORT + 10) + "\",\"to\":\""
                                                + FIRST.plusDays(SHORT + 11) + "\",\"set\":{\"allotment\":1}}"),
                                422,
                                "night-not-offered")
                        .path("reason")
                        .asText())
                .isEqualTo("NIGHT_NOT_OFFERED");
        assertProblem(
                api.send(
                        "POST",
                        mine + "/nights:upload",
                        "text/plain",
                        HttpRequest.BodyPublishers.ofString(HEADER),
                        "Authorization",
                        TestTokens.bearer(TestTokens.partner(stack, PARTNER))),
                415,
                "unsupported-media-type");
        // A no-show booking cannot be checked in or out
        assertProblem(partner("POST", booking + "/check-in", ""), 409, "invalid-transition");
        assertProblem(partner("POST", booking + "/check-out", ""), 409, "invalid-transition");

        // And the admin's calls refuse bad parameters, bodies and unknown hotels
        assertProblem(admin("GET", "/v1/admin/hotels?status=bogus", null), 400, "invalid-request");
        assertProblem(admin("GET", "/v1/admin/audit?before=soon", null), 400, "invalid-request");
        assertProblem(admin("POST", "/v1/admin/hotels/" + hotel + "/approve", "{\"bogus\":1}"), 400, "invalid-request");
        assertProblem(admin("POST", "/v1/admin/hotels/" + hotel + "/suspend", "[]"), 400, "invalid-request");
        assertProblem(admin("POST", "/v1/admin/hotels/no-such-hotel/approve", ""), 404, "hotel-not-found");
        assertProblem(admin("POST", "/v1/admin/hotels/no-such-hotel/suspend", ""), 404, "hotel-not-found");
    }

    @Test
    void shouldHideAnotherGuestsHoldOrBookingAsIfItDidNotExist() throws Exception {
        // Given: a hold and a booking made by another guest than the one calling over HTTP
        String hotel = servedHotel("pc-principals");
        String holdId = holdAs("it-guest", hotel, FIRST.plusDays(3));
        String bookingId = bookDirect(hotel, "std", FIRST.plusDays(5), FIRST.plusDays(6));
        ApiClient guest = api.as(TestTokens.guest(stack, "pc-other-guest"));

        // When / Then: the other guest can neither release, confirm nor cancel them: to it they do not exist
        assertProblem(
                guest.delete("/v1/hotels/" + hotel + "/holds/" + holdId, "pc-foreign-release"), 404, "hold-not-found");
        assertProblem(
                guest.post(
                        "/v1/hotels/" + hotel + "/bookings",
                        "pc-foreign-confirm",
                        "{\"holdId\":\"" + holdId + "\",\"paymentToken\":\"tok_visa\"}"),
                404,
                "hold-not-found");
        assertProblem(
                guest.delete("/v1/hotels/" + hotel + "/bookings/" + bookingId, "pc-foreign-cancel"),
                404,
                "booking-not-found");
    }

    private static List<String> listedRoomTypes(String hotel) {
        JsonNode hotels = api.get("/v1/hotels?city=" + city(hotel)).json().path("hotels");
        return hotels.isEmpty() ? List.of() : hotels.get(0).path("roomTypes").findValuesAsText("roomTypeId");
    }

    // ---- a hotel of each test's own

    /** Each test's hotel is alone in its city, so listings by city show only it. */
    private static String city(String hotelId) {
        return "city-of-" + hotelId;
    }

    /** The partner creates the hotel with its std (2 guests, 30 rooms) and dlx (3 guests, 12 rooms) room types. */
    private static void createHotel(String hotelId, String city) {
        ApiClient.Response created = partner(
                "POST",
                "/v1/partner/hotels",
                "{\"hotelId\":\"" + hotelId + "\",\"name\":\"Golden Triangle Lodge\",\"city\":\"" + city + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(partner("PUT", "/v1/partner/hotels/" + hotelId + "/room-types/std", roomType("Standard", 2, 30))
                        .status())
                .isEqualTo(201);
        assertThat(partner("PUT", "/v1/partner/hotels/" + hotelId + "/room-types/dlx", roomType("Deluxe", 3, 12))
                        .status())
                .isEqualTo(201);
    }

    /** A hotel created, approved and given {@link #SHORT} nights of both room types, once guests see them. */
    private static String servedHotel(String hotelId) {
        createHotel(hotelId, city(hotelId));
        assertThat(admin("POST", "/v1/admin/hotels/" + hotelId + "/approve", "").status())
                .isEqualTo(200);
        Map<String, List<Night>> month = Map.of("std", year("std", SHORT), "dlx", year("dlx", SHORT));
        ApiClient.Response uploaded = upload(hotelId, PARTNER, csv(month));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
        await().atMost(CDC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(nights(hotelId, "std", FIRST, FIRST.plusDays(SHORT))).isEqualTo(month.get("std"));
            assertThat(nights(hotelId, "dlx", FIRST, FIRST.plusDays(SHORT))).isEqualTo(month.get("dlx"));
        });
        return hotelId;
    }

    /** A guest's hold of one room for one night. */
    private static ApiClient.Response holdOne(String hotelId, String roomType, LocalDate night, String key) {
        return api.post(
                "/v1/hotels/" + hotelId + "/holds",
                key,
                "{\"roomTypeId\":\"" + roomType + "\",\"checkIn\":\"" + night + "\",\"checkOut\":\"" + night.plusDays(1)
                        + "\",\"quantity\":1}");
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

    /** Distinct nights from FIRST: allotments, prices and restrictions vary from night to night. */
    private static List<Night> year(String roomType, int count) {
        List<Night> nights = new ArrayList<>();
        for (int i = 0; i < count; i++) {
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

    private static List<Night> nights(String hotelId, String roomType, LocalDate from, LocalDate to) {
        ApiClient.Response response =
                api.get("/v1/hotels/" + hotelId + "/availability?from=" + from + "&to=" + to + "&roomType=" + roomType);
        if (response.status() != 200) {
            return List.of();
        }
        List<Night> nights = new ArrayList<>();
        for (JsonNode n : response.json().path("roomTypes").get(0).path("nights")) {
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
    private static List<Night> fromDatabase(String hotel, String roomType, LocalDate from, LocalDate to)
            throws Exception {
        Map<LocalDate, Night> counters = new LinkedHashMap<>();
        nights(hotel, roomType, from, to).forEach(n -> counters.put(n.night(), n));
        List<Night> rows = new ArrayList<>();
        try (Connection c = stack.postgres().dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT night, allotment, price_minor, stop_sell, min_los, max_los,"
                        + " closed_to_arrival, closed_to_departure FROM room_nights WHERE hotel_id = '" + hotel
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

    /** A hold of one std room for one night by {@code principal}, made as a guest's is: a command through Kafka. */
    private static String holdAs(String principal, String hotelId, LocalDate in) {
        try (ReservationFacade facade = new ReservationFacade(
                stack.kafka().bootstrapServers(), "it-guest", topics, Duration.ofSeconds(30), 10)) {
            CommandOutcome outcome = new CommandService(facade)
                    .submit(
                            Principal.guest(principal),
                            hotelId,
                            "hold-" + hotelId + "-" + in,
                            new PlaceHold("std", in, in.plusDays(1), 1, null, null))
                    .join();
            assertThat(outcome).isInstanceOf(CommandOutcome.Accepted.class);
            return ((CommandOutcome.Accepted) outcome).result().getHold().getHoldId();
        }
    }

    /** A confirmed booking made the way a guest's is: a command through Kafka. */
    private static String bookDirect(String hotelId, String roomType, LocalDate in, LocalDate out) {
        try (ReservationFacade facade = new ReservationFacade(
                stack.kafka().bootstrapServers(), "it-guest", topics, Duration.ofSeconds(30), 10)) {
            CommandOutcome outcome = new CommandService(facade)
                    .submit(
                            Principal.guest("it-guest"),
                            hotelId,
                            "book-" + hotelId + "-" + in,
                            new BookDirect(roomType, in, out, 1, null, MockPayments.authorize("tok_ok"), null))
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

    private static ApiClient.Response upload(String hotelId, String partner, String csv) {
        return api.send(
                "POST",
                "/v1/partner/hotels/" + hotelId + "/nights:upload",
                "text/csv",
                HttpRequest.BodyPublishers.ofString(csv),
                "Authorization",
                TestTokens.bearer(TestTokens.partner(stack, partner)));
    }

    /** A CSV body of {@code bytes} bytes, streamed with its length declared. */
    private static ApiClient.Response hugeUpload(String hotelId, long bytes) {
        byte[] line = ("std," + FIRST + ",1,1000,false,,,false,false\n").getBytes();
        return api.send(
                "POST",
                "/v1/partner/hotels/" + hotelId + "/nights:upload",
                "text/csv",
                HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new RepeatingStream(HEADER + "\n", line, bytes)),
                        bytes),
                "Authorization",
                TestTokens.bearer(TestTokens.partner(stack, PARTNER)));
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

    private static ApiClient.Response partner(String method, String path, String body) {
        return api.json(method, path, body, "Authorization", TestTokens.bearer(TestTokens.partner(stack, PARTNER)));
    }

    private static ApiClient.Response admin(String method, String path, String body) {
        return api.json(method, path, body, "Authorization", TestTokens.bearer(TestTokens.admin(stack, ADMIN)));
    }
}
