package io.innflow.infra;

import static io.innflow.infra.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.api.http.Principal;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.api.reservation.CommandService;
import io.innflow.api.reservation.ReservationFacade;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.InnflowConfig;
import io.innflow.streams.config.NodeSettings;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The public HTTP API on one node, through a real server on a random port, on the real stack: every
 * endpoint, its error paths, read-your-writes tokens and the facade's waiters. Search tests share one
 * city of fixture hotels on nights no test writes to; every other test has a hotel of its own.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ApiEndToEndIT {

    private static final ZoneId HOTEL_ZONE = ZoneId.of("Asia/Bangkok");
    private static final LocalDate FIRST = LocalDate.now(HOTEL_ZONE).plusDays(30);
    private static final String CITY = "Testville";
    private static final String TOKEN = "Innflow-Consistency-Token";
    private static final Duration POLL = Duration.ofMillis(50);
    /** One hotel per test that writes reservations, so no test sees another's holds. */
    private static final List<String> RESERVATION_HOTELS = List.of(
            "api-holds",
            "api-hold-errors",
            "api-confirm",
            "api-direct",
            "api-booking-errors",
            "api-expired",
            "api-status",
            "api-token",
            "api-internal",
            "api-conflicts");

    /** The guest every request of this class is made as. */
    private static final String GUEST = "api-e2e-guest";

    private static EmbeddedStack stack;
    private static ApiClient api;

    @BeforeAll
    static void writeFixtures(EmbeddedStack shared) throws Exception {
        stack = shared;
        api = new ApiClient(stack.nodeUrl(), TestTokens.guest(stack, GUEST));
        OpenApiContract.get().exercisedBy(ApiEndToEndIT.class);
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        // Search fixtures, all in one city: three sellable hotels and three that a hold would refuse.
        catalog.hotel("api-cheap", CITY, 2, 5, 100_000, FIRST, 10);
        catalog.hotel("api-mid", CITY, 4, 5, 150_000, FIRST, 10);
        catalog.hotel("api-dear", CITY, 2, 5, 300_000, FIRST, 10);
        catalog.hotel("api-stop", CITY, 2, 5, 50_000, FIRST, 10);
        catalog.update(
                "update room_nights set stop_sell = true where hotel_id = 'api-stop' and night = ?", FIRST.plusDays(1));
        catalog.hotel("api-minlos", CITY, 2, 5, 60_000, FIRST, 10);
        catalog.update("update room_nights set min_los = 3 where hotel_id = 'api-minlos' and night = ?", FIRST);
        catalog.hotel("api-full", CITY, 2, 1, 70_000, FIRST, 10);
        // Reservation fixtures, elsewhere.
        for (String hotel : RESERVATION_HOTELS) {
            catalog.hotel(hotel, "Elsewhere", 2, 5, 100_000, FIRST, 10);
        }
        catalog.hotel("api-today", "Elsewhere", 2, 5, 100_000, LocalDate.now(HOTEL_ZONE), 10);
        catalog.hotel("api-burst", "Elsewhere", 2, 1_000, 100_000, FIRST, 10);
        for (String hotel : List.of("api-cheap", "api-mid", "api-dear", "api-stop", "api-minlos", "api-full")) {
            awaitNights(hotel, FIRST, 10);
        }
        for (String hotel : RESERVATION_HOTELS) {
            awaitNights(hotel, FIRST, 10);
        }
        awaitNights("api-today", LocalDate.now(HOTEL_ZONE), 10);
        awaitNights("api-burst", FIRST, 10);
        // The stop-sell and min-los updates come after the inserts: wait for them too.
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(POLL)
                .until(() ->
                        nights("api-stop", FIRST, 2).get(1).path("stopSell").asBoolean());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(POLL)
                .until(() ->
                        nights("api-minlos", FIRST, 1).get(0).path("minLos").asInt() == 3);
        // The one room of api-full is held on the nights the search tests ask for
        assertThat(hold("api-full", "search-fill", FIRST, FIRST.plusDays(2), 1).status())
                .isEqualTo(201);
    }

    // ---- documentation

    @Test
    void shouldDescribeEveryRouteTheNodeServesInItsOpenApiDocument() {
        ApiClient.Response response = api.get("/openapi.json");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode doc = response.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> routes = stack.node().routes();
        assertThat(routes).contains("GET /v1/search", "DELETE /v1/hotels/{hotelId}/bookings/{bookingId}");
        List<String> undocumented = routes.stream()
                .filter(route -> {
                    String[] parts = route.split(" ", 2);
                    return doc.path("paths")
                            .path(parts[1])
                            .path(parts[0].toLowerCase())
                            .isMissingNode();
                })
                .toList();
        assertThat(undocumented).as("routes missing from openapi.json").isEmpty();
    }

    // ---- search and hotels

    @Test
    void shouldFindOnlyWhatAHoldWouldAcceptSortedByTotalPrice() {
        // Given the one room of api-full is held (see the fixtures)
        assertThat(nights("api-full", FIRST, 2).get(0).path("available").asInt())
                .isZero();

        // When searching two nights for two guests in one room
        JsonNode page = search("checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(2) + "&guests=2&rooms=1");

        // Then the stop-sell, min-length-of-stay and full hotels are left out, the rest cheapest first
        assertThat(hotelIds(page)).containsExactly("api-cheap", "api-mid", "api-dear");
        assertThat(page.path("total").asInt()).isEqualTo(3);
        assertThat(page.path("partial").asBoolean()).isFalse();
        JsonNode cheapest = page.path("results").get(0);
        assertThat(cheapest.path("fromTotalMinor").asLong()).isEqualTo(200_000);
        assertThat(cheapest.path("currency").asText()).isEqualTo("THB");
        JsonNode offer = cheapest.path("offers").get(0);
        assertThat(offer.path("roomTypeId").asText()).isEqualTo("std");
        assertThat(offer.path("available").asInt()).isEqualTo(5);
        assertThat(offer.path("totalMinor").asLong()).isEqualTo(200_000);
    }

    @Test
    void shouldFitThePartyAndPriceEveryRoomAskedFor() {
        JsonNode three = search("checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(2) + "&guests=3&rooms=1");
        JsonNode twoRooms = search("checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(2) + "&guests=4&rooms=2");

        assertThat(hotelIds(three)).containsExactly("api-mid");
        assertThat(hotelIds(twoRooms)).containsExactly("api-cheap", "api-mid", "api-dear");
        assertThat(twoRooms.path("results").get(0).path("fromTotalMinor").asLong())
                .isEqualTo(400_000);
    }

    @Test
    void shouldSortDescendingAndPage() {
        String stay = "checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(2) + "&guests=2";

        assertThat(hotelIds(search(stay + "&sort=-price"))).containsExactly("api-dear", "api-mid", "api-cheap");
        JsonNode second = search(stay + "&page=2&size=1");
        assertThat(hotelIds(second)).containsExactly("api-mid");
        assertThat(second.path("total").asInt()).isEqualTo(3);
        assertThat(second.path("page").asInt()).isEqualTo(2);
        assertThat(hotelIds(search(stay + "&page=4&size=1"))).isEmpty();
    }

    @Test
    void shouldHoldWhatSearchShows() {
        JsonNode page = search("checkIn=" + FIRST.plusDays(4) + "&checkOut=" + FIRST.plusDays(6) + "&guests=2");

        for (JsonNode hit : page.path("results")) {
            ApiClient.Response held = hold(
                    hit.path("hotelId").asText(),
                    "from-search-" + hit.path("hotelId").asText(),
                    FIRST.plusDays(4),
                    FIRST.plusDays(6),
                    1);
            assertThat(held.status()).as(held.body()).isEqualTo(201);
            assertThat(held.json().path("totalMinor").asLong())
                    .isEqualTo(hit.path("fromTotalMinor").asLong());
        }
        // Restrictions and the held room were on other nights: every hotel of the city is offered here
        assertThat(hotelIds(page))
                .containsExactlyInAnyOrder("api-cheap", "api-mid", "api-dear", "api-stop", "api-minlos", "api-full");
    }

    @Test
    void shouldRejectBadSearches() {
        String in = FIRST.toString();
        String out = FIRST.plusDays(2).toString();
        String bad = "invalid-request";
        assertProblem(api.get("/v1/search?checkIn=" + in + "&checkOut=" + out), 400, bad);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + out + "&checkOut=" + in), 400, bad);
        assertProblem(api.get("/v1/search?city=x&checkIn=soon&checkOut=" + out), 400, bad);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in), 400, bad);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + out + "&guests=1&rooms=2"), 400, bad);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + out + "&sort=name"), 400, bad);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + out + "&size=0"), 400, bad);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + out + "&page=abc"), 400, bad);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + FIRST.plusDays(120)), 400, bad);
    }

    @Test
    void shouldListHotelsOfACityAndServeOneHotel() {
        ApiClient.Response list = api.get("/v1/hotels?city=TESTVILLE");
        ApiClient.Response one = api.get("/v1/hotels/api-mid");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("partial").asBoolean()).isFalse();
        List<String> ids = new ArrayList<>();
        list.json().path("hotels").forEach(h -> ids.add(h.path("hotelId").asText()));
        assertThat(ids)
                .containsExactlyInAnyOrder("api-cheap", "api-mid", "api-dear", "api-stop", "api-minlos", "api-full");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.header("Innflow-Served-By")).hasValue("node-1");
        assertThat(one.json().path("city").asText()).isEqualTo(CITY);
        assertThat(one.json().path("roomTypes").get(0).path("capacity").asInt()).isEqualTo(4);
        assertThat(assertProblem(api.get("/v1/hotels/no-such-hotel"), 404, "hotel-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("HOTEL_NOT_FOUND");
        assertProblem(api.get("/v1/hotels/bad%20id"), 400, "invalid-request");
        assertThat(assertProblem(
                                api.get("/v1/hotels/api-mid/availability?from=" + FIRST + "&to=" + FIRST.plusDays(1)
                                        + "&roomType=suite"),
                                404,
                                "room-type-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("ROOM_TYPE_NOT_FOUND");
    }

    // ---- holds

    @Test
    void shouldPlaceReadAndReleaseAHold() {
        ApiClient.Response placed = hold("api-holds", "hold-1", FIRST, FIRST.plusDays(2), 2);
        assertThat(placed.status()).isEqualTo(201);
        String holdId = placed.json().path("holdId").asText();
        String location = "/v1/hotels/api-holds/holds/" + holdId;
        assertThat(placed.header("Location")).hasValue(location);
        assertThat(placed.header(TOKEN)).isPresent();

        ApiClient.Response read = api.get(location, TOKEN, placed.header(TOKEN).orElseThrow());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(read.json().path("quantity").asInt()).isEqualTo(2);
        assertThat(nights("api-holds", FIRST, 2).get(0).path("held").asInt()).isEqualTo(2);

        ApiClient.Response released = api.delete(location, key("release-1"));
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().path("status").asText()).isEqualTo("RELEASED");
        assertThat(released.header(TOKEN)).isPresent();
        JsonNode freed = nights("api-holds", FIRST, 2, released.header(TOKEN).orElseThrow());
        assertThat(freed.get(0).path("held").asInt()).isZero();
        assertThat(freed.get(1).path("held").asInt()).isZero();

        ApiClient.Response again = api.delete(location, key("release-2"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("RELEASED");
        assertThat(api.get(location).json().path("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    void shouldAnswerHoldErrorsWithProblems() {
        String hotel = "api-hold-errors";
        ApiClient.Response placed = hold(hotel, "hold-errors", FIRST, FIRST.plusDays(1), 1);
        String location =
                "/v1/hotels/" + hotel + "/holds/" + placed.json().path("holdId").asText();

        assertThat(assertProblem(api.get("/v1/hotels/" + hotel + "/holds/nope"), 404, "hold-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("HOLD_NOT_FOUND");
        assertThat(assertProblem(
                                api.delete("/v1/hotels/" + hotel + "/holds/nope", key("rel-nope")),
                                404,
                                "hold-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("HOLD_NOT_FOUND");
        assertProblem(api.delete(location, null), 400, "invalid-request");
        assertProblem(api.delete("/v1/hotels/" + hotel + "/holds/" + "x".repeat(70), key("k")), 400, "invalid-request");
        assertProblem(api.method("PUT", location), 405, "method-not-allowed");
        assertThat(assertProblem(hold(hotel, "too-many", FIRST, FIRST.plusDays(1), 9), 409, "quantity-exceeds-capacity")
                        .path("reason")
                        .asText())
                .isEqualTo("QUANTITY_EXCEEDS_CAPACITY");
        assertThat(assertProblem(hold(hotel, "hold-errors", FIRST, FIRST.plusDays(1), 2), 422, "idempotency-conflict")
                        .path("reason")
                        .asText())
                .isEqualTo("IDEMPOTENCY_CONFLICT");
    }

    // ---- bookings

    @Test
    void shouldConfirmAHoldIntoABookingAndCancelIt() {
        ApiClient.Response placed = hold("api-confirm", "to-book", FIRST.plusDays(3), FIRST.plusDays(5), 1);
        String holdId = placed.json().path("holdId").asText();

        ApiClient.Response booked = api.post(
                "/v1/hotels/api-confirm/bookings",
                key("book-1"),
                "{\"holdId\":\"" + holdId
                        + "\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}");

        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        JsonNode booking = booked.json();
        String location =
                "/v1/hotels/api-confirm/bookings/" + booking.path("bookingId").asText();
        assertThat(booked.header("Location")).hasValue(location);
        assertThat(booking.path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(booking.path("holdId").asText()).isEqualTo(holdId);
        assertThat(booking.path("totalMinor").asLong()).isEqualTo(200_000);
        String token = booked.header(TOKEN).orElseThrow();
        assertThat(api.get(location, TOKEN, token).json().path("status").asText())
                .isEqualTo("CONFIRMED");
        assertThat(api.get("/v1/hotels/api-confirm/holds/" + holdId, TOKEN, token)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("CONFIRMED");
        JsonNode sold = nights("api-confirm", FIRST.plusDays(3), 2, token);
        assertThat(sold.get(0).path("sold").asInt()).isEqualTo(1);
        assertThat(sold.get(0).path("held").asInt()).isZero();

        // Confirming the same hold under another key finds the booking made before
        ApiClient.Response again = api.post(
                "/v1/hotels/api-confirm/bookings",
                key("book-1-again"),
                "{\"holdId\":\"" + holdId
                        + "\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("bookingId").asText())
                .isEqualTo(booking.path("bookingId").asText());

        ApiClient.Response cancelled = api.delete(location, key("cancel-1"));
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(nights(
                                "api-confirm",
                                FIRST.plusDays(3),
                                2,
                                cancelled.header(TOKEN).orElseThrow())
                        .get(0)
                        .path("sold")
                        .asInt())
                .isZero();
        ApiClient.Response twice = api.delete(location, key("cancel-2"));
        assertThat(twice.status()).isEqualTo(200);
        assertThat(twice.json().path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void shouldBookDirectly() {
        ApiClient.Response booked = api.post(
                "/v1/hotels/api-direct/bookings",
                key("direct-1"),
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST.plusDays(6) + "\",\"checkOut\":\"" + FIRST.plusDays(7)
                        + "\",\"quantity\":2,\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}");

        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        assertThat(booked.json().path("holdId").isNull()).isTrue();
        assertThat(booked.json().path("quantity").asInt()).isEqualTo(2);
        assertThat(booked.header("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/bookings/" + booked.json().path("bookingId").asText()));
        assertThat(nights(
                                "api-direct",
                                FIRST.plusDays(6),
                                1,
                                booked.header(TOKEN).orElseThrow())
                        .get(0)
                        .path("sold")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void shouldAnswerBookingErrorsWithProblems() {
        String holdId = hold("api-booking-errors", "declined-hold", FIRST.plusDays(8), FIRST.plusDays(9), 1)
                .json()
                .path("holdId")
                .asText();
        String bookings = "/v1/hotels/api-booking-errors/bookings";
        String fromHold = "{\"holdId\":\"" + holdId
                + "\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}";

        assertThat(assertProblem(
                                api.post(
                                        bookings,
                                        key("declined"),
                                        "{\"holdId\":\"" + holdId
                                                + "\",\"paymentToken\":\"tok_decline\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}"),
                                402,
                                "payment-declined")
                        .path("reason")
                        .asText())
                .isEqualTo("PAYMENT_DECLINED");
        assertThat(assertProblem(
                                api.post(
                                        bookings,
                                        key("no-hold"),
                                        "{\"holdId\":\"nope\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}"),
                                404,
                                "hold-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("HOLD_NOT_FOUND");
        assertProblem(api.post(bookings, key("no-token"), "{\"holdId\":\"" + holdId + "\"}"), 400, "invalid-request");
        assertProblem(
                api.post(
                        bookings,
                        key("mixed"),
                        "{\"holdId\":\"" + holdId
                                + "\",\"roomTypeId\":\"std\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}"),
                400,
                "invalid-request");
        assertProblem(
                api.post(
                        bookings,
                        key("direct-half"),
                        "{\"roomTypeId\":\"std\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}"),
                400,
                "invalid-request");
        assertProblem(api.post(bookings, null, fromHold), 400, "invalid-request");
        assertThat(assertProblem(api.get(bookings + "/nope"), 404, "booking-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("BOOKING_NOT_FOUND");
        assertThat(assertProblem(api.delete(bookings + "/nope", key("cancel-nope")), 404, "booking-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("BOOKING_NOT_FOUND");
        // The declined hold is still active and can be confirmed with a good card
        assertThat(api.post(
                                bookings,
                                key("declined-then-ok"),
                                "{\"holdId\":\"" + holdId
                                        + "\",\"paymentToken\":\"tok_ok\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}")
                        .status())
                .isEqualTo(201);
        assertThat(assertProblem(
                                api.post(
                                        bookings,
                                        key("direct-declined"),
                                        "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST + "\",\"checkOut\":\""
                                                + FIRST.plusDays(1)
                                                + "\",\"quantity\":1,\"paymentToken\":\"tok_decline\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}"),
                                402,
                                "payment-declined")
                        .path("reason")
                        .asText())
                .isEqualTo("PAYMENT_DECLINED");
    }

    @Test
    void shouldRefuseToConfirmAnExpiredHold() {
        ApiClient.Response placed = api.post(
                "/v1/hotels/api-expired/holds",
                key("short-hold"),
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST.plusDays(9) + "\",\"checkOut\":\"" + FIRST.plusDays(10)
                        + "\",\"quantity\":1,\"holdSeconds\":1}");
        String location = placed.header("Location").orElseThrow();

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(POLL)
                .until(() -> api.get(location).json().path("status").asText().equals("EXPIRED"));

        ApiClient.Response late = api.post(
                "/v1/hotels/api-expired/bookings",
                key("too-late"),
                "{\"holdId\":\"" + placed.json().path("holdId").asText()
                        + "\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}");
        assertThat(assertProblem(late, 409, "hold-expired").path("reason").asText())
                .isEqualTo("HOLD_EXPIRED");
        assertThat(assertProblem(api.delete(location, key("release-expired")), 409, "hold-not-active")
                        .path("reason")
                        .asText())
                .isEqualTo("HOLD_NOT_ACTIVE");
    }

    @Test
    void shouldRefuseToCancelOnTheCheckInDate() {
        LocalDate today = LocalDate.now(HOTEL_ZONE);
        ApiClient.Response booked = api.post(
                "/v1/hotels/api-today/bookings",
                key("today-1"),
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + today + "\",\"checkOut\":\"" + today.plusDays(1)
                        + "\",\"quantity\":1,\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}");
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);

        ApiClient.Response cancel = api.delete(booked.header("Location").orElseThrow(), key("today-cancel"));

        assertThat(assertProblem(cancel, 409, "cancellation-closed")
                        .path("reason")
                        .asText())
                .isEqualTo("CANCELLATION_CLOSED");
    }

    @Test
    void shouldRefuseAKeyReusedForAnotherWriteAndBadIdsOnEveryRoute() {
        String hotel = "api-conflicts";
        ApiClient.Response placed = hold(hotel, "conflict-hold", FIRST, FIRST.plusDays(1), 1);
        String holdLocation = placed.header("Location").orElseThrow();
        ApiClient.Response booked = api.post(
                "/v1/hotels/" + hotel + "/bookings",
                key("conflict-book"),
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST.plusDays(2) + "\",\"checkOut\":\"" + FIRST.plusDays(3)
                        + "\",\"quantity\":1,\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}");
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        String bookingLocation = booked.header("Location").orElseThrow();

        // A key already used for another write is refused on every write route
        assertProblem(api.delete(holdLocation, key("conflict-book")), 422, "idempotency-conflict");
        assertProblem(api.delete(bookingLocation, key("conflict-hold")), 422, "idempotency-conflict");
        assertProblem(
                api.post(
                        "/v1/hotels/" + hotel + "/bookings",
                        key("conflict-hold"),
                        "{\"holdId\":\"" + placed.json().path("holdId").asText()
                                + "\",\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Ada Lovelace\",\"email\":\"ada@example.com\",\"adults\":1}}"),
                422,
                "idempotency-conflict");
        // Ids, keys and query parameters out of bounds
        assertProblem(api.delete(bookingLocation, null), 400, "invalid-request");
        assertProblem(api.get("/v1/hotels/" + hotel + "/bookings/" + "x".repeat(70)), 400, "invalid-request");
        assertProblem(api.get("/v1/hotels/" + hotel + "/requests/" + "x".repeat(300)), 400, "invalid-request");
        assertProblem(api.get("/v1/hotels?city=" + "x".repeat(101)), 400, "invalid-request");
    }

    // ---- request status

    @Test
    void shouldTellWhatBecameOfARequest() {
        ApiClient.Response placed = hold("api-status", "status-1", FIRST, FIRST.plusDays(1), 1);
        String requestId = CommandService.requestId(Principal.guest(GUEST), key("status-1"));
        hold("api-status", "status-rejected", FIRST, FIRST.plusDays(1), 50);
        String rejectedId = CommandService.requestId(Principal.guest(GUEST), key("status-rejected"));

        ApiClient.Response accepted = api.get("/v1/hotels/api-status/requests/" + requestId);
        ApiClient.Response rejected = api.get("/v1/hotels/api-status/requests/" + rejectedId);

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.json().path("hold").path("holdId").asText())
                .isEqualTo(placed.json().path("holdId").asText());
        assertThat(accepted.header(TOKEN)).isEqualTo(placed.header(TOKEN));
        assertThat(rejected.json().path("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.json().path("reason").asText()).isEqualTo("QUANTITY_EXCEEDS_CAPACITY");
        assertThat(assertProblem(api.get("/v1/hotels/api-status/requests/unknown-request"), 404, "request-not-found")
                        .path("reason")
                        .asText())
                .isEqualTo("REQUEST_NOT_FOUND");
    }

    // ---- read-your-writes and cluster options

    @Test
    void shouldHonourConsistencyTokens() {
        ApiClient.Response placed = hold("api-token", "token-1", FIRST.plusDays(2), FIRST.plusDays(3), 1);
        String token = placed.header(TOKEN).orElseThrow();
        String[] parts = token.split(":");
        String location = placed.header("Location").orElseThrow();

        assertThat(api.get(location, TOKEN, token).status()).isEqualTo(200);
        assertProblem(api.get(location, TOKEN, "garbage"), 400, "invalid-request");
        assertProblem(api.get(location, TOKEN, "other-topic:" + parts[1] + ":" + parts[2]), 400, "invalid-request");
        // A token of another partition says nothing about this hotel: ignored
        int otherPartition =
                (Integer.parseInt(parts[1]) + 1) % stack.nodeConfig().topology().partitions();
        assertThat(api.get(location, TOKEN, parts[0] + ":" + otherPartition + ":999999999")
                        .status())
                .isEqualTo(200);

        // A position the store has not reached: a short wait, then 503 with Retry-After
        long begin = System.nanoTime();
        ApiClient.Response ahead = api.get(location, TOKEN, parts[0] + ":" + parts[1] + ":999999999");
        assertProblem(ahead, 503, "consistency-pending");
        assertThat(ahead.header("Retry-After")).hasValue("1");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void shouldServeStaleReadsOnlyWhenAskedAndOnlyFromACopy() {
        ApiClient.Response fresh = api.get("/v1/hotels/api-internal?allowStale=true");

        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("Innflow-Stale")).as("the owner answered").isEmpty();
        assertProblem(api.get("/v1/hotels/api-internal?allowStale=maybe"), 400, "invalid-request");
    }

    @Test
    void shouldGuardInternalEndpointsWithTheClusterCredential() {
        String secret = InnflowConfig.DEV_CLUSTER_SECRET;

        assertProblem(api.get("/internal/v1/hotels/api-internal"), 403, "cluster-credential-required");
        assertProblem(
                api.get("/internal/v1/hotels/api-internal", "Innflow-Cluster-Secret", "wrong"),
                403,
                "cluster-credential-required");
        ApiClient.Response internal = api.get("/internal/v1/hotels/api-internal", "Innflow-Cluster-Secret", secret);
        assertThat(internal.status()).isEqualTo(200);
        assertThat(internal.json().path("hotelId").asText()).isEqualTo("api-internal");
        ApiClient.Response leg = api.get(
                "/internal/v1/search?city=" + CITY + "&checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(1),
                "Innflow-Cluster-Secret",
                secret);
        assertThat(leg.status()).isEqualTo(200);
        assertThat(leg.json().path("matches").size())
                .isEqualTo(stack.nodeConfig().topology().partitions());
    }

    // ---- the facade's waiters

    @Test
    void shouldLeaveNoWaiterAfterABurstOfTimedOutRequestsAndApplyEachOnce() throws Exception {
        // Given a second facade whose waiters time out long before any result can come back
        NodeSettings config = stack.nodeConfig().node();
        Topics topics = Topics.create(AvroSerdeFactory.forRegistry(config.registryUrl()));
        List<String> keys =
                IntStream.range(0, 200).mapToObj(i -> key("burst-" + i)).toList();
        Principal caller = Principal.guest(GUEST);
        try (ReservationFacade facade =
                new ReservationFacade(config.bootstrapServers(), "burst-node", topics, Duration.ofMillis(1), 10_000)) {
            CommandService commands = new CommandService(facade);

            // When a burst of holds is sent through it
            List<CommandOutcome> outcomes = submitAll(commands, caller, keys);

            // Then every waiter has ended and none is left; each answer is pending (Kafka acknowledged
            // the command) or unsent (it did not, in time), never an accepted hold without its result
            assertThat(facade.pending()).isZero();
            assertThat(outcomes)
                    .allMatch(o -> o instanceof CommandOutcome.Pending || o instanceof CommandOutcome.Unsent);
        }
        // When the caller retries every request with the same key, as a 503 asks, through a patient facade
        try (ReservationFacade patient = new ReservationFacade(
                config.bootstrapServers(), "burst-node-2", topics, Duration.ofSeconds(10), 10_000)) {
            assertThat(submitAll(new CommandService(patient), caller, keys))
                    .hasOnlyElementsOfType(CommandOutcome.Accepted.class);
        }
        // Then each request was applied exactly once, its result kept for polling
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(POLL)
                .until(() -> nights("api-burst", FIRST, 1).get(0).path("held").asInt() == keys.size());
        Set<String> holds = new HashSet<>();
        for (String key : keys) {
            Principal guest = burstCaller(caller, key);
            // A request's status is its guest's to read.
            ApiClient.Response status = api.as(TestTokens.guest(stack, guest.subject()))
                    .get("/v1/hotels/api-burst/requests/" + CommandService.requestId(guest, key));
            assertThat(status.json().path("status").asText()).isEqualTo("ACCEPTED");
            holds.add(status.json().path("hold").path("holdId").asText());
        }
        assertThat(holds).hasSize(keys.size());
        assertThat(stack.node().pendingRequests()).isZero();
    }

    private static List<CommandOutcome> submitAll(CommandService commands, Principal caller, List<String> keys)
            throws Exception {
        List<CompletableFuture<CommandOutcome>> sent = keys.stream()
                .map(key -> commands.submit(
                        burstCaller(caller, key),
                        "api-burst",
                        key,
                        new PlaceHold("std", FIRST, FIRST.plusDays(1), 1, null, null)))
                .toList();
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .thenApply(done -> sent.stream().map(CompletableFuture::join).toList())
                .get(30, TimeUnit.SECONDS);
    }

    /**
     * The burst's 200 holds come from eight guests of {@code caller}'s name, so none reaches the bound on
     * one guest's active holds at a hotel (60 room-nights by default).
     */
    private static Principal burstCaller(Principal caller, String key) {
        return Principal.guest(caller.subject() + "-" + Math.floorMod(key.hashCode(), 8));
    }

    // ---- helpers

    private static ApiClient.Response hold(String hotelId, String key, LocalDate in, LocalDate out, int quantity) {
        return api.post(
                "/v1/hotels/" + hotelId + "/holds",
                key(key),
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + out + "\",\"quantity\":"
                        + quantity + "}");
    }

    private static JsonNode search(String query) {
        ApiClient.Response response = api.get("/v1/search?city=" + CITY + "&" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> hotelIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("results").forEach(hit -> ids.add(hit.path("hotelId").asText()));
        return ids;
    }

    private static JsonNode nights(String hotelId, LocalDate from, int count, String... headers) {
        ApiClient.Response response = api.get(
                "/v1/hotels/" + hotelId + "/availability?roomType=std&from=" + from + "&to=" + from.plusDays(count),
                headers.length == 1 ? new String[] {TOKEN, headers[0]} : new String[0]);
        if (response.status() != 200) {
            return ApiClient.JSON.createArrayNode();
        }
        return response.json().path("roomTypes").get(0).path("nights");
    }

    /** Idempotency keys are per caller across the whole shared stack: this class's own. */
    private static String key(String name) {
        return "api-e2e-" + name;
    }

    private static void awaitNights(String hotelId, LocalDate from, int count) {
        api.awaitNightsOffered(hotelId, from, count);
    }
}
