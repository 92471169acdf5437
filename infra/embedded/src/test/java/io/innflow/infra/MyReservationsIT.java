package io.innflow.infra;

import static io.innflow.infra.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * "My bookings" on the real stack: a guest's bookings and holds at every hotel, read from the guest
 * view the topology keeps by principal. The view trails the hotels' stores, so every read waits for
 * what it expects (Awaitility) instead of expecting it at once.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MyReservationsIT {

    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(50);
    private static final String HOTEL_X = "me-x";
    private static final String HOTEL_Y = "me-y";
    private static final Duration POLL = Duration.ofMillis(50);

    private static EmbeddedStack stack;
    private static ApiClient anonymous;

    @BeforeAll
    static void twoHotels(EmbeddedStack shared) throws Exception {
        stack = shared;
        anonymous = new ApiClient(stack.nodeUrl());
        OpenApiContract.get().exercisedBy(MyReservationsIT.class);
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        catalog.hotel(HOTEL_X, "Meville", 2, 5, 100_000, FIRST, 10);
        catalog.hotel(HOTEL_Y, "Meville", 2, 5, 120_000, FIRST, 10);
        for (String hotel : List.of(HOTEL_X, HOTEL_Y)) {
            anonymous.awaitNightsOffered(hotel, FIRST, 10);
        }
    }

    @Test
    void shouldListAGuestsBookingsAtEveryHotelAndNobodyElses() {
        // Given guest A booked at two hotels and guest B at one of them
        ApiClient a = guest("me-guest-a");
        ApiClient b = guest("me-guest-b");
        String atX = book(a, HOTEL_X, "a-x", FIRST);
        String atY = book(a, HOTEL_Y, "a-y", FIRST.plusDays(3));
        String bobs = book(b, HOTEL_X, "b-x", FIRST.plusDays(1));

        // When each lists their upcoming bookings, once the view has caught up
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(POLL)
                .until(() -> bookingIds(a.get("/v1/me/bookings")).size() == 2
                        && bookingIds(b.get("/v1/me/bookings")).size() == 1);
        ApiClient.Response mine = a.get("/v1/me/bookings");

        // Then A sees both, soonest first, and not B's; B sees only theirs
        assertThat(mine.status()).isEqualTo(200);
        assertThat(bookingIds(mine)).containsExactly(atX, atY);
        assertThat(mine.json().path("when").asText()).isEqualTo("upcoming");
        assertThat(mine.json().path("total").asInt()).isEqualTo(2);
        assertThat(mine.json().path("bookings").get(1).path("hotelId").asText()).isEqualTo(HOTEL_Y);
        assertThat(bookingIds(b.get("/v1/me/bookings"))).containsExactly(bobs);
        // and nothing of theirs has ended yet
        assertThat(bookingIds(a.get("/v1/me/bookings?when=past"))).isEmpty();
        // one page at a time
        ApiClient.Response second = a.get("/v1/me/bookings?size=1&page=2");
        assertThat(bookingIds(second)).containsExactly(atY);
        assertThat(second.json().path("total").asInt()).isEqualTo(2);
    }

    @Test
    void shouldShowACancelledBookingWithItsNewStatus() {
        ApiClient c = guest("me-guest-c");
        String booking = book(c, HOTEL_Y, "c-y", FIRST.plusDays(5));
        ApiClient.Response cancelled =
                settled(() -> c.delete("/v1/hotels/" + HOTEL_Y + "/bookings/" + booking, "me-c-cancel"));
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> "CANCELLED"
                .equals(c.get("/v1/me/bookings")
                        .json()
                        .path("bookings")
                        .path(0)
                        .path("status")
                        .asText()));
        assertThat(bookingIds(c.get("/v1/me/bookings"))).containsExactly(booking);
    }

    @Test
    void shouldDropAReleasedHoldFromMyHolds() {
        // Given a guest's active hold, listed once the view has it
        ApiClient d = guest("me-guest-d");
        ApiClient.Response held = settled(() -> d.post(
                "/v1/hotels/" + HOTEL_X + "/holds",
                "me-d-hold",
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + FIRST.plusDays(6) + "\",\"checkOut\":\"" + FIRST.plusDays(8)
                        + "\",\"quantity\":1}"));
        assertThat(held.status()).as(held.body()).isEqualTo(201);
        String holdId = held.json().path("holdId").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> holdIds(d.get("/v1/me/holds"))
                .contains(holdId));
        JsonNode listed = d.get("/v1/me/holds").json();
        assertThat(listed.path("holds").get(0).path("status").asText()).isEqualTo("ACTIVE");
        assertThat(holdIds(guest("me-guest-a").get("/v1/me/holds"))).doesNotContain(holdId);

        // When the guest releases it
        ApiClient.Response released =
                settled(() -> d.delete("/v1/hotels/" + HOTEL_X + "/holds/" + holdId, "me-d-release"));
        assertThat(released.status()).as(released.body()).isEqualTo(200);

        // Then it leaves the list
        await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> holdIds(d.get("/v1/me/holds"))
                .isEmpty());
        assertThat(d.get("/v1/me/holds").json().path("total").asInt()).isZero();
    }

    @Test
    void shouldRefuseAListingThatIsNotOneAndCallersThatAreNotGuests() {
        ApiClient e = guest("me-guest-e");

        assertProblem(e.get("/v1/me/bookings?when=soon"), 400, "invalid-request");
        assertProblem(e.get("/v1/me/holds?page=0"), 400, "invalid-request");
        assertProblem(anonymous.get("/v1/me/bookings"), 401, "unauthenticated");
        assertProblem(anonymous.as(TestTokens.partner(stack, "me-partner")).get("/v1/me/holds"), 403, "forbidden");
    }

    private static ApiClient guest(String subject) {
        return anonymous.as(TestTokens.guest(stack, subject));
    }

    private static String book(ApiClient guest, String hotel, String key, LocalDate checkIn) {
        ApiClient.Response booked = settled(() -> guest.post(
                "/v1/hotels/" + hotel + "/bookings",
                "me-" + key,
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + checkIn + "\",\"checkOut\":\"" + checkIn.plusDays(1)
                        + "\",\"quantity\":1,\"paymentToken\":\"tok_visa\",\"guest\":{\"leadName\":\"Mary Seacole\","
                        + "\"email\":\"mary@example.com\",\"adults\":1}}"));
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        return booked.json().path("bookingId").asText();
    }

    /**
     * The answer of a write, sent again with its Idempotency-Key while it is only pending (202 on a busy
     * machine): a repeat returns the first result, so nothing is applied twice.
     */
    private static ApiClient.Response settled(Supplier<ApiClient.Response> write) {
        AtomicReference<ApiClient.Response> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    last.set(write.get());
                    return last.get().status() != 202;
                });
        return last.get();
    }

    private static List<String> bookingIds(ApiClient.Response page) {
        return ids(page, "bookings", "bookingId");
    }

    private static List<String> holdIds(ApiClient.Response page) {
        return ids(page, "holds", "holdId");
    }

    private static List<String> ids(ApiClient.Response page, String list, String field) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        page.json().path(list).forEach(entry -> ids.add(entry.path(field).asText()));
        return ids;
    }
}
