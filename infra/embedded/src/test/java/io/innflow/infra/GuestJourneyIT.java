package io.innflow.infra;

import static io.innflow.infra.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.innflow.schemas.reservation.BookingGuestUpdated;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A guest books with their details, sees them, corrects them; the hotel's partner finds the booking on
 * the day's arrivals and checks the guest in from there. On the shared stack, with hotels of its own.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class GuestJourneyIT {

    private static final String HOTEL = "gj-x";
    private static final String OTHER_HOTEL = "gj-y";
    private static final LocalDate FIRST =
            LocalDate.now(ZoneId.of("Asia/Bangkok")).plusDays(25);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GUEST = "{\"leadName\":\"Grace Hopper\",\"email\":\"grace@example.com\","
            + "\"phone\":\"+1 202 555 0143\",\"adults\":2,\"children\":0,\"specialRequests\":\"Late arrival\"}";

    private static EmbeddedStack stack;
    private static Topics topics;
    private static ApiClient guestA;
    private static ApiClient guestB;
    private static ApiClient partnerX;
    private static ApiClient partnerY;

    @BeforeAll
    static void twoHotelsOfTwoPartners(EmbeddedStack shared) throws Exception {
        stack = shared;
        topics = Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()));
        OpenApiContract.get().exercisedBy(GuestJourneyIT.class);
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        catalog.hotel(HOTEL, "Journeyville", 2, 5, 90_000, FIRST, 10);
        catalog.hotel(OTHER_HOTEL, "Journeyville", 2, 5, 90_000, FIRST, 10);
        try (Connection c = stack.postgres().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE hotels SET partner_id = ? WHERE hotel_id = ?")) {
            for (String hotel : List.of(HOTEL, OTHER_HOTEL)) {
                ps.setString(1, "partner-of-" + hotel);
                ps.setString(2, hotel);
                ps.executeUpdate();
            }
        }
        ApiClient anonymous = new ApiClient(stack.nodeUrl());
        guestA = anonymous.as(TestTokens.guest(stack, "gj-guest-a"));
        guestB = anonymous.as(TestTokens.guest(stack, "gj-guest-b"));
        partnerX = anonymous.as(TestTokens.partner(stack, "partner-of-" + HOTEL));
        partnerY = anonymous.as(TestTokens.partner(stack, "partner-of-" + OTHER_HOTEL));
        anonymous.awaitNightsOffered(HOTEL, FIRST, 10);
    }

    private static String direct(LocalDate in, LocalDate out, String guest) {
        return "{\"roomTypeId\":\"std\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + out
                + "\",\"quantity\":1,\"paymentToken\":\"tok_visa\",\"guest\":" + guest + "}";
    }

    @Test
    void shouldCarryTheGuestFromBookingToTheDeskAndLetThemCorrectTheirEmail() {
        String bookings = "/v1/hotels/" + HOTEL + "/bookings";
        LocalDate in = FIRST.plusDays(1);

        // A guest books with their details
        ApiClient.Response booked = guestA.post(bookings, "gj-book", direct(in, in.plusDays(2), GUEST));
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        String bookingId = booked.json().path("bookingId").asText();
        assertThat(booked.json().path("guest").path("email").asText()).isEqualTo("grace@example.com");

        // The booking shows them to its owner, and to nobody else
        JsonNode own = guestA.get(bookings + "/" + bookingId).json();
        assertThat(own.path("guest").path("leadName").asText()).isEqualTo("Grace Hopper");
        assertThat(own.path("guest").path("specialRequests").asText()).isEqualTo("Late arrival");
        assertProblem(guestB.get(bookings + "/" + bookingId), 404, "booking-not-found");

        // The hotel's partner lists it among the day's arrivals; another partner does not see the hotel
        String arrivals = "/v1/partner/hotels/" + HOTEL + "/arrivals?date=" + in;
        JsonNode line = await().atMost(WAIT)
                .until(() -> find(partnerX.get(arrivals).json(), bookingId), found -> found != null);
        assertThat(line.path("status").asText()).isEqualTo("CONFIRMED");
        assertThat(line.path("guest").path("leadName").asText()).isEqualTo("Grace Hopper");
        assertThat(line.path("guest").path("adults").asInt()).isEqualTo(2);
        assertThat(line.path("guest").has("email"))
                .as("contact stays with the guest")
                .isFalse();
        assertThat(find(
                        partnerX.get("/v1/partner/hotels/" + HOTEL + "/bookings?from=" + in.plusDays(1) + "&to="
                                        + in.plusDays(5))
                                .json(),
                        bookingId))
                .as("the stay overlaps")
                .isNotNull();
        assertThat(find(
                        partnerX.get("/v1/partner/hotels/" + HOTEL + "/departures?date=" + in.plusDays(2))
                                .json(),
                        bookingId))
                .isNotNull();
        assertProblem(partnerY.get(arrivals), 404, "hotel-not-found");
        assertProblem(partnerX.get("/v1/partner/hotels/" + HOTEL + "/arrivals?date=soon"), 400, "invalid-request");
        assertProblem(partnerX.get("/v1/partner/hotels/" + HOTEL + "/departures?date=soon"), 400, "invalid-request");
        assertProblem(
                partnerX.get("/v1/partner/hotels/" + HOTEL + "/bookings?from=soon&to=" + in), 400, "invalid-request");
        // ... and what the desk reads about its rooms is checked against the vocabulary
        assertProblem(
                partnerX.json(
                        "PUT", "/v1/partner/hotels/" + HOTEL + "/room-types/std/content", "{\"bedType\":\"waterbed\"}"),
                400,
                "invalid-request");

        // The desk checks the guest in from the id on the list
        ApiClient.Response checkedIn = partnerX.post(
                "/v1/partner/hotels/" + HOTEL + "/bookings/"
                        + line.path("bookingId").asText() + "/check-in",
                null,
                "");
        assertThat(checkedIn.status()).as(checkedIn.body()).isEqualTo(200);
        assertThat(checkedIn.json().path("status").asText()).isEqualTo("CHECKED_IN");

        // The guest got exactly one confirmation email naming the booking and the hotel, and a restart of
        // the notifier (a new instance on the same group) sends no second one
        await().atMost(WAIT).until(() -> !confirmationsOf(bookingId).isEmpty());
        stack.restartNotifier();
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(20))
                .until(() -> confirmationsOf(bookingId).size() == 1);
        MailServer.Message mail = confirmationsOf(bookingId).get(0);
        assertThat(mail.to()).containsExactly("grace@example.com");
        assertThat(mail.subject()).startsWith("Booking confirmed: Test " + HOTEL);
        assertThat(mail.text()).contains(bookingId).contains("Test " + HOTEL).contains("Grace Hopper");

        // The guest corrects their email; another guest cannot; the event tells downstream readers
        String correction = bookings + "/" + bookingId + "/guest";
        ApiClient.Response corrected = guestA.json(
                "PATCH", correction, "{\"email\":\"grace.hopper@example.org\"}", "Idempotency-Key", "gj-fix");
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        assertThat(corrected.json().path("guest").path("email").asText()).isEqualTo("grace.hopper@example.org");
        assertThat(corrected.json().path("guest").path("phone").asText()).isEqualTo("+1 202 555 0143");
        assertProblem(
                guestA.json("PATCH", correction, "{\"email\":\"other@example.org\"}", "Idempotency-Key", "gj-fix"),
                422,
                "idempotency-conflict");
        assertProblem(
                guestB.json("PATCH", correction, "{\"email\":\"evil@example.org\"}", "Idempotency-Key", "gj-evil"),
                404,
                "booking-not-found");
        assertThat(guestA.get(bookings + "/" + bookingId)
                        .json()
                        .path("guest")
                        .path("email")
                        .asText())
                .isEqualTo("grace.hopper@example.org");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(guestUpdates(bookingId)).containsExactly("grace.hopper@example.org"));
    }

    @Test
    void shouldRefuseAPartyTooLargeABookingWithoutGuestAndACorrectionOfACancelledBooking() {
        String bookings = "/v1/hotels/" + HOTEL + "/bookings";
        LocalDate in = FIRST.plusDays(5);

        ApiClient.Response crowd = guestA.post(
                bookings,
                "gj-crowd",
                direct(
                        in,
                        in.plusDays(1),
                        "{\"leadName\":\"Big Family\",\"email\":\"fam@example.com\",\"adults\":2,"
                                + "\"children\":2}"));
        ApiClient.Response hold = guestA.post(
                "/v1/hotels/" + HOTEL + "/holds",
                "gj-hold",
                "{\"roomTypeId\":\"std\",\"checkIn\":\"" + in + "\",\"checkOut\":\"" + in.plusDays(1)
                        + "\",\"quantity\":1}");
        ApiClient.Response noGuest = guestA.post(
                bookings,
                "gj-no-guest",
                "{\"holdId\":\"" + hold.json().path("holdId").asText() + "\",\"paymentToken\":\"tok_visa\"}");
        String cancelled = guestA.post(bookings, "gj-cancel-me", direct(in.plusDays(1), in.plusDays(2), GUEST))
                .json()
                .path("bookingId")
                .asText();
        assertThat(guestA.delete(bookings + "/" + cancelled, "gj-cancel").status())
                .isEqualTo(200);
        ApiClient.Response late = guestA.json(
                "PATCH",
                bookings + "/" + cancelled + "/guest",
                "{\"phone\":\"+1 202 555 0100\"}",
                "Idempotency-Key",
                "gj-late");

        assertThat(assertProblem(crowd, 409, "party-too-large").path("reason").asText())
                .isEqualTo("PARTY_TOO_LARGE");
        assertThat(assertProblem(noGuest, 400, "guest-required").path("reason").asText())
                .isEqualTo("GUEST_REQUIRED");
        assertThat(assertProblem(late, 409, "booking-not-active").path("reason").asText())
                .isEqualTo("BOOKING_NOT_ACTIVE");
        assertProblem(
                guestA.post(bookings, "gj-bad-mail", direct(in, in.plusDays(1), GUEST.replace("grace@", "grace at "))),
                400,
                "invalid-request");
    }

    /** The confirmation emails the SMTP server received for {@code bookingId}. */
    private static List<MailServer.Message> confirmationsOf(String bookingId) {
        return stack.mail().messages().stream()
                .filter(m -> m.subject().startsWith("Booking confirmed")
                        && m.subject().contains(bookingId))
                .toList();
    }

    /** The line of {@code bookingId} on a list page, or null. */
    private static JsonNode find(JsonNode page, String bookingId) {
        for (JsonNode line : page.path("bookings")) {
            if (line.path("bookingId").asText().equals(bookingId)) {
                return line;
            }
        }
        return null;
    }

    /** The emails of the BookingGuestUpdated events of {@code bookingId} on reservation-events, in order. */
    private static List<String> guestUpdates(String bookingId) {
        return TopicReader.readAllBytes(
                        stack.kafka().bootstrapServers(), topics.events().name())
                .stream()
                // Other classes on the shared stack write poison on purpose (AnalyticsSinkIT).
                .filter(r -> TopicReader.inWireFormat(r.value()))
                .map(r -> (ReservationEvent) topics.events()
                        .valueSerde()
                        .deserializer()
                        .deserialize(topics.events().name(), r.value()))
                .filter(e -> e.getPayload() instanceof BookingGuestUpdated updated
                        && updated.getBooking().getBookingId().equals(bookingId))
                .map(e -> ((BookingGuestUpdated) e.getPayload())
                        .getBooking()
                        .getGuest()
                        .getEmail())
                .toList();
    }
}
