package io.innflow.infra;

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
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public HTTP API on one node, through a real server on a random port, on the real stack: every
 * endpoint, its error paths, read-your-writes tokens and the facade's waiters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ApiEndToEndIT {

    private static final ZoneId HOTEL_ZONE = ZoneId.of("Asia/Bangkok");
    private static final LocalDate FIRST = LocalDate.now(HOTEL_ZONE).plusDays(30);
    private static final String CITY = "Testville";
    private static final String TOKEN = "Innflow-Consistency-Token";

    @TempDir
    static Path dataDir;

    private static EmbeddedStack stack;
    private static ApiClient api;
    private static TestCatalog catalog;

    @BeforeAll
    static void startStack() throws Exception {
        stack = EmbeddedStack.start(StackSettings.forTests(dataDir));
        api = new ApiClient(stack.nodeUrl());
        catalog = new TestCatalog(stack.postgres().dataSource());
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
        catalog.hotel("api-book", "Elsewhere", 2, 5, 100_000, FIRST, 10);
        catalog.hotel("api-today", "Elsewhere", 2, 5, 100_000, LocalDate.now(HOTEL_ZONE), 10);
        catalog.hotel("api-burst", "Elsewhere", 2, 1_000, 100_000, FIRST, 10);
        for (String hotel : List.of("api-cheap", "api-mid", "api-dear", "api-stop", "api-minlos", "api-full")) {
            awaitNights(hotel, FIRST, 10);
        }
        awaitNights("api-book", FIRST, 10);
        awaitNights("api-today", LocalDate.now(HOTEL_ZONE), 10);
        awaitNights("api-burst", FIRST, 10);
        // The stop-sell and min-los updates come after the inserts: wait for them too.
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        nights("api-stop", FIRST, 2).get(1).path("stopSell").asBoolean());
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        nights("api-minlos", FIRST, 1).get(0).path("minLos").asInt() == 3);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    // ---- documentation

    @Test
    @Order(1)
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
    @Order(10)
    void shouldFindOnlyWhatAHoldWouldAcceptSortedByTotalPrice() {
        // Given the one room of api-full is held
        assertThat(hold("api-full", "search-fill", FIRST, FIRST.plusDays(2), 1).status())
                .isEqualTo(201);

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
    @Order(11)
    void shouldFitThePartyAndPriceEveryRoomAskedFor() {
        JsonNode three = search("checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(2) + "&guests=3&rooms=1");
        JsonNode twoRooms = search("checkIn=" + FIRST + "&checkOut=" + FIRST.plusDays(2) + "&guests=4&rooms=2");

        assertThat(hotelIds(three)).containsExactly("api-mid");
        assertThat(hotelIds(twoRooms)).containsExactly("api-cheap", "api-mid", "api-dear");
        assertThat(twoRooms.path("results").get(0).path("fromTotalMinor").asLong())
                .isEqualTo(400_000);
    }

    @Test
    @Order(12)
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
    @Order(13)
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
    @Order(14)
    void shouldRejectBadSearches() {
        String in = FIRST.toString();
        String out = FIRST.plusDays(2).toString();
        assertProblem(api.get("/v1/search?checkIn=" + in + "&checkOut=" + out), 400);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + out + "&checkOut=" + in), 400);
        assertProblem(api.get("/v1/search?city=x&checkIn=soon&checkOut=" + out), 400);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in), 400);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + out + "&guests=1&rooms=2"), 400);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + out + "&sort=name"), 400);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + out + "&size=0"), 400);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + out + "&page=abc"), 400);
        assertProblem(api.get("/v1/search?city=x&checkIn=" + in + "&checkOut=" + FIRST.plusDays(120)), 400);
    }

    @Test
    @Order(15)
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
        assertThat(problem(api.get("/v1/hotels/no-such-hotel"), 404)
                        .path("reason")
                        .asText())
                .isEqualTo("HOTEL_NOT_FOUND");
        assertProblem(api.get("/v1/hotels/bad%20id"), 400);
        assertThat(problem(
                                api.get("/v1/hotels/api-mid/availability?from=" + FIRST + "&to=" + FIRST.plusDays(1)
                                        + "&roomType=suite"),
                                404)
                        .path("reason")
                        .asText())
                .isEqualTo("ROOM_TYPE_NOT_FOUND");
    }

    // ---- holds

    @Test
    @Order(20)
    void shouldPlaceReadAndReleaseAHold() {
        ApiClient.Response placed = hold("api-book", "hold-1", FIRST, FIRST.plusDays(2), 2);
        assertThat(placed.status()).isEqualTo(201);
        String holdId = placed.json().path("holdId").asText();
        String location = "/v1/hotels/api-book/holds/" + holdId;
        assertThat(placed.header("Location")).hasValue(location);
        assertThat(placed.header(TOKEN)).isPresent();

        ApiClient.Response read = api.get(location, TOKEN, placed.header(TOKEN).orElseThrow());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(read.json().path("quantity").asInt()).isEqualTo(2);
        assertThat(nights("api-book", FIRST, 2).get(0).path("held").asInt()).isEqualTo(2);

        ApiClient.Response released = api.delete(location, "release-1");
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().path("status").asText()).isEqualTo("RELEASED");
        assertThat(released.header(TOKEN)).isPresent();
        JsonNode freed = nights("api-book", FIRST, 2, released.header(TOKEN).orElseThrow());
        assertThat(freed.get(0).path("held").asInt()).isZero();
        assertThat(freed.get(1).path("held").asInt()).isZero();

        ApiClient.Response again = api.delete(location, "release-2");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("RELEASED");
        assertThat(api.get(location).json().path("status").asText()).isEqualTo("RELEASED");
    }

    @Test
    @Order(21)
    void shouldAnswerHoldErrorsWithProblems() {
        ApiClient.Response placed = hold("api-book", "hold-errors", FIRST, FIRST.plusDays(1), 1);
        String location =
                "/v1/hotels/api-book/holds/" + placed.json().path("holdId").asText();

        assertThat(problem(api.get("/v1/hotels/api-book/holds/nope"), 404)
                        .path("reason")
                        .asText())
                .isEqualTo("HOLD_NOT_FOUND");
        assertThat(problem(api.delete("/v1/hotels/api-book/holds/nope", "rel-nope"), 404)
                        .path("reason")
                        .asText())
                .isEqualTo("HOLD_NOT_FOUND");
        assertProblem(api.delete(location, null), 400);
        assertProblem(api.delete("/v1/hotels/api-book/holds/" + "x".repeat(70), "k"), 400);
        assertProblem(api.method("PUT", location), 405);
        assertThat(problem(hold("api-book", "too-many", FIRST, FIRST.plusDays(1), 9), 409)
                        .path("reason")
                        .asText())
                .isEqualTo("QUANTITY_EXCEEDS_CAPACITY");
        assertThat(problem(hold("api-book", "hold-errors", FIRST, FIRST.plusDays(1), 2), 422)
                        .path("reason")
                        .asText())
                .isEqualTo("IDEMPOTENCY_CONFLICT");
    }

    // ---- bookings

    @Test
    @Order(30)
    void shouldConfirmAHoldIntoABookingAndCancelIt() {
        ApiClient.Response placed = hold("api-book", "to-book", FIRST.plusDays(3), FIRST.plusDays(5), 1);
        String holdId = placed.json().path("holdId").asText();

        ApiClient.Response booked = api.post(
                "/v1/hotels/api-book/bookings",
                "book-1",
                "{\"holdId\":\"" + holdId + "\",\"paymentToken\":\"tok_visa\"}");

        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        JsonNode booking = booked.json();
        String location =
                "/v1/hotels/api-book/bookings/" + booking.path("bookingId").asText();
        assertThat(booked.header("Location")).hasValue(location);
        assertThat(booking.path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(booking.path("holdId").asText()).isEqualTo(holdId);
        assertThat(booking.path("totalMinor").asLong()).isEqualTo(200_000);
        String token = booked.header(TOKEN).orElseThrow();
        assertThat(api.get(location, TOKEN, token).json().path("status").asText())
                .isEqualTo("CONFIRMED");
        assertThat(api.get("/v1/hotels/api-book/holds/" + holdId, TOKEN, token)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("CONFIRMED");
        JsonNode sold = nights("api-book", FIRST.plusDays(3), 2, token);
        assertThat(sold.get(0).path("sold").asInt()).isEqualTo(1);
        assertThat(sold.get(0).path("held").asInt()).isZero();

        // Confirming the same hold under another key finds the booking made before
        ApiClient.Response again = api.post(
                "/v1/hotels/api-book/bookings",
                "book-1-again",
                "{\"holdId\":\"" + holdId + "\",\"paymentToken\":\"tok_visa\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("bookingId").asText())
                .isEqualTo(booking.path("bookingId").asText());

        ApiClient.Response cancelled = api.delete(location, "cancel-1");
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(nights(
                                "api-book",
                                FIRST.plusDays(3),
                                2,
                                cancelled.header(TOKEN).orElseThrow())
                        .get(0)
                        .path("sold")
                        .asInt())
                .isZero();
        ApiClient.Response twice = api.delete(location, "cancel-2");
        assertThat(twice.status()).isEqualTo(200);
        assertThat(twice.json().path("status").asText()).isEqualTo("CANCELLED");
    }

    @Test
    @Order(31)
    void shouldBookDirectly() {
        ApiClient.Response booked = api.post(
                "/v1/hotels/api-book/bookings",
                "direct-1",
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST.plusDays(6) + "\",\"checkOut\":\"" + FIRST.plusDays(7)
                        + "\",\"quantity\":2,\"paymentToken\":\"tok_visa\"}");

        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        assertThat(booked.json().path("holdId").isNull()).isTrue();
        assertThat(booked.json().path("quantity").asInt()).isEqualTo(2);
        assertThat(booked.header("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/bookings/" + booked.json().path("bookingId").asText()));
        assertThat(nights("api-book", FIRST.plusDays(6), 1, booked.header(TOKEN).orElseThrow())
                        .get(0)
                        .path("sold")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    @Order(32)
    void shouldAnswerBookingErrorsWithProblems() {
        String holdId = hold("api-book", "declined-hold", FIRST.plusDays(8), FIRST.plusDays(9), 1)
                .json()
                .path("holdId")
                .asText();
        String bookings = "/v1/hotels/api-book/bookings";

        assertThat(problem(
                                api.post(
                                        bookings,
                                        "declined",
                                        "{\"holdId\":\"" + holdId + "\",\"paymentToken\":\"tok_decline\"}"),
                                402)
                        .path("reason")
                        .asText())
                .isEqualTo("PAYMENT_DECLINED");
        assertThat(problem(api.post(bookings, "no-hold", "{\"holdId\":\"nope\",\"paymentToken\":\"tok_visa\"}"), 404)
                        .path("reason")
                        .asText())
                .isEqualTo("HOLD_NOT_FOUND");
        assertProblem(api.post(bookings, "no-token", "{\"holdId\":\"" + holdId + "\"}"), 400);
        assertProblem(
                api.post(
                        bookings,
                        "mixed",
                        "{\"holdId\":\"" + holdId + "\",\"roomTypeId\":\"std\",\"paymentToken\":\"tok_visa\"}"),
                400);
        assertProblem(api.post(bookings, "direct-half", "{\"roomTypeId\":\"std\",\"paymentToken\":\"tok_visa\"}"), 400);
        assertProblem(api.post(bookings, null, "{\"holdId\":\"" + holdId + "\",\"paymentToken\":\"tok_visa\"}"), 400);
        assertThat(problem(api.get(bookings + "/nope"), 404).path("reason").asText())
                .isEqualTo("BOOKING_NOT_FOUND");
        assertThat(problem(api.delete(bookings + "/nope", "cancel-nope"), 404)
                        .path("reason")
                        .asText())
                .isEqualTo("BOOKING_NOT_FOUND");
        // The declined hold is still active and can be confirmed with a good card
        assertThat(api.post(bookings, "declined-then-ok", "{\"holdId\":\"" + holdId + "\",\"paymentToken\":\"tok_ok\"}")
                        .status())
                .isEqualTo(201);
        assertThat(problem(
                                api.post(
                                        bookings,
                                        "direct-declined",
                                        "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST + "\",\"checkOut\":\""
                                                + FIRST.plusDays(1)
                                                + "\",\"quantity\":1,\"paymentToken\":\"tok_decline\"}"),
                                402)
                        .path("reason")
                        .asText())
                .isEqualTo("PAYMENT_DECLINED");
    }

    @Test
    @Order(33)
    void shouldRefuseToConfirmAnExpiredHold() {
        ApiClient.Response placed = api.post(
                "/v1/hotels/api-book/holds",
                "short-hold",
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST.plusDays(9) + "\",\"checkOut\":\"" + FIRST.plusDays(10)
                        + "\",\"quantity\":1,\"holdSeconds\":1}");
        String location = placed.header("Location").orElseThrow();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get(location).json().path("status").asText().equals("EXPIRED"));

        ApiClient.Response late = api.post(
                "/v1/hotels/api-book/bookings",
                "too-late",
                "{\"holdId\":\"" + placed.json().path("holdId").asText() + "\",\"paymentToken\":\"tok_visa\"}");
        assertThat(problem(late, 409).path("reason").asText()).isEqualTo("HOLD_EXPIRED");
        assertThat(problem(api.delete(location, "release-expired"), 409)
                        .path("reason")
                        .asText())
                .isEqualTo("HOLD_NOT_ACTIVE");
    }

    @Test
    @Order(34)
    void shouldRefuseToCancelOnTheCheckInDate() {
        LocalDate today = LocalDate.now(HOTEL_ZONE);
        ApiClient.Response booked = api.post(
                "/v1/hotels/api-today/bookings",
                "today-1",
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + today + "\",\"checkOut\":\"" + today.plusDays(1)
                        + "\",\"quantity\":1,\"paymentToken\":\"tok_visa\"}");
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);

        ApiClient.Response cancel = api.delete(booked.header("Location").orElseThrow(), "today-cancel");

        assertThat(problem(cancel, 409).path("reason").asText()).isEqualTo("CANCELLATION_CLOSED");
    }

    // ---- request status

    @Test
    @Order(40)
    void shouldTellWhatBecameOfARequest() {
        ApiClient.Response placed = hold("api-book", "status-1", FIRST, FIRST.plusDays(1), 1);
        String requestId = CommandService.requestId(new Principal("anonymous"), "status-1");
        hold("api-book", "status-rejected", FIRST, FIRST.plusDays(1), 50);
        String rejectedId = CommandService.requestId(new Principal("anonymous"), "status-rejected");

        ApiClient.Response accepted = api.get("/v1/hotels/api-book/requests/" + requestId);
        ApiClient.Response rejected = api.get("/v1/hotels/api-book/requests/" + rejectedId);

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.json().path("hold").path("holdId").asText())
                .isEqualTo(placed.json().path("holdId").asText());
        assertThat(accepted.header(TOKEN)).isEqualTo(placed.header(TOKEN));
        assertThat(rejected.json().path("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.json().path("reason").asText()).isEqualTo("QUANTITY_EXCEEDS_CAPACITY");
        assertThat(problem(api.get("/v1/hotels/api-book/requests/unknown-request"), 404)
                        .path("reason")
                        .asText())
                .isEqualTo("REQUEST_NOT_FOUND");
    }

    // ---- read-your-writes and cluster options

    @Test
    @Order(50)
    void shouldHonourConsistencyTokens() {
        ApiClient.Response placed = hold("api-book", "token-1", FIRST.plusDays(2), FIRST.plusDays(3), 1);
        String token = placed.header(TOKEN).orElseThrow();
        String[] parts = token.split(":");
        String location = placed.header("Location").orElseThrow();

        assertThat(api.get(location, TOKEN, token).status()).isEqualTo(200);
        assertProblem(api.get(location, TOKEN, "garbage"), 400);
        assertProblem(api.get(location, TOKEN, "other-topic:" + parts[1] + ":" + parts[2]), 400);
        // A token of another partition says nothing about this hotel: ignored
        int otherPartition =
                (Integer.parseInt(parts[1]) + 1) % stack.nodeConfig().topology().partitions();
        assertThat(api.get(location, TOKEN, parts[0] + ":" + otherPartition + ":999999999")
                        .status())
                .isEqualTo(200);

        // A position the store has not reached: a short wait, then 503 with Retry-After
        long begin = System.nanoTime();
        ApiClient.Response ahead = api.get(location, TOKEN, parts[0] + ":" + parts[1] + ":999999999");
        assertThat(problem(ahead, 503).path("type").asText()).endsWith("/consistency-pending");
        assertThat(ahead.header("Retry-After")).hasValue("1");
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    @Order(51)
    void shouldServeStaleReadsOnlyWhenAskedAndOnlyFromACopy() {
        ApiClient.Response fresh = api.get("/v1/hotels/api-book?allowStale=true");

        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("Innflow-Stale")).as("the owner answered").isEmpty();
        assertProblem(api.get("/v1/hotels/api-book?allowStale=maybe"), 400);
    }

    @Test
    @Order(52)
    void shouldGuardInternalEndpointsWithTheClusterCredential() {
        String secret = InnflowConfig.DEV_CLUSTER_SECRET;

        assertProblem(api.get("/internal/v1/hotels/api-book"), 403);
        assertProblem(api.get("/internal/v1/hotels/api-book", "Innflow-Cluster-Secret", "wrong"), 403);
        ApiClient.Response internal = api.get("/internal/v1/hotels/api-book", "Innflow-Cluster-Secret", secret);
        assertThat(internal.status()).isEqualTo(200);
        assertThat(internal.json().path("hotelId").asText()).isEqualTo("api-book");
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
    @Order(60)
    void shouldLeaveNoWaiterAfterABurstOfTimedOutRequestsAndApplyEachOnce() throws Exception {
        // Given a second facade whose waiters time out long before any result can come back
        NodeSettings config = stack.nodeConfig().node();
        Topics topics = Topics.create(AvroSerdeFactory.forRegistry(config.registryUrl()));
        List<String> keys = IntStream.range(0, 200).mapToObj(i -> "burst-" + i).toList();
        List<CommandOutcome> outcomes;
        try (ReservationFacade facade =
                new ReservationFacade(config.bootstrapServers(), "burst-node", topics, Duration.ofMillis(1), 10_000)) {
            CommandService commands = new CommandService(facade);

            // When a burst of holds is sent through it
            List<CompletableFuture<CommandOutcome>> sent = keys.stream()
                    .map(key -> commands.submit(
                            new Principal("anonymous"),
                            "api-burst",
                            key,
                            new PlaceHold("std", FIRST, FIRST.plusDays(1), 1, null)))
                    .toList();
            outcomes = CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .thenApply(
                            done -> sent.stream().map(CompletableFuture::join).toList())
                    .get(30, TimeUnit.SECONDS);

            // Then every waiter has ended and none is left
            assertThat(facade.pending()).isZero();
            assertThat(outcomes).hasOnlyElementsOfType(CommandOutcome.Pending.class);
            // ... while results keep arriving for waiters that are gone
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            nights("api-burst", FIRST, 1).get(0).path("held").asInt() == keys.size());
            assertThat(facade.pending()).isZero();
        }
        // And each timed-out request was applied exactly once, its result kept for polling
        Set<String> holds = new HashSet<>();
        for (String key : keys) {
            ApiClient.Response status = api.get(
                    "/v1/hotels/api-burst/requests/" + CommandService.requestId(new Principal("anonymous"), key));
            assertThat(status.json().path("status").asText()).isEqualTo("ACCEPTED");
            holds.add(status.json().path("hold").path("holdId").asText());
        }
        assertThat(holds).hasSize(keys.size());
        assertThat(stack.node().pendingRequests()).isZero();
    }

    // ---- helpers

    private static ApiClient.Response hold(String hotelId, String key, LocalDate in, LocalDate out, int quantity) {
        return api.post(
                "/v1/hotels/" + hotelId + "/holds",
                key,
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

    private static void awaitNights(String hotelId, LocalDate from, int count) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> nights(hotelId, from, count).size() == count);
    }

    static JsonNode problem(ApiClient.Response response, int status) {
        assertProblem(response, status);
        return response.json();
    }

    static void assertProblem(ApiClient.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://innflow.io/problems/");
        assertThat(problem.path("detail").asText()).isNotBlank();
        assertThat(problem.path("instance").asText()).startsWith("/");
    }
}
