package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingCancelled;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.BookingStatus;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.HoldStatus;
import io.innflow.schemas.reservation.NightPrice;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.serde.AvroSerdeFactory;
import io.innflow.schemas.topics.Topic;
import io.innflow.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The notifier on the shared stack: events on {@code reservation-events} (real broker, registry and
 * PostgreSQL) become emails at GreenMail's real SMTP server, once each, across a restart.
 */
@ExtendWith(SharedStack.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NotifierIT {

    private static final String HOTEL = "notifier-it-h1";
    private static final String HOTEL_NAME = "Notifier Riverside Lodge";
    private static final LocalDate CHECK_IN = LocalDate.now().plusDays(20);

    private static EmbeddedStack stack;
    private static Topic<String, ReservationEvent> events;
    private static KafkaProducer<String, ReservationEvent> producer;

    @BeforeAll
    static void useSharedStack(EmbeddedStack shared) throws Exception {
        stack = shared;
        TestCatalog catalog = new TestCatalog(stack.postgres().dataSource());
        catalog.hotel(HOTEL, "Notifier City", 2, 5, 120_000, CHECK_IN, 5);
        catalog.update("update hotels set name = ? where hotel_id = ?", HOTEL_NAME, HOTEL);
        events = Topics.create(AvroSerdeFactory.forRegistry(stack.registry().url()))
                .events();
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.endpoints().get("kafkaBootstrap"),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                events.keySerde().serializer(),
                events.valueSerde().serializer());
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void shouldEmailTheGuestOnceWhenABookingIsConfirmed() throws Exception {
        String email = guestAddress();
        Booking booking = booking("bk-" + UUID.randomUUID(), email);
        ReservationEvent confirmed = event(new BookingConfirmed(booking));

        publish(confirmed);

        List<MailServer.Message> received = awaitExactlyOne(email);
        MailServer.Message message = received.get(0);
        assertThat(message.to()).containsExactly(email);
        assertThat(message.subject()).contains("Booking confirmed", HOTEL_NAME, booking.getBookingId());
        assertThat(message.text()).contains(booking.getBookingId(), HOTEL_NAME, "Standard", "Dana Reyes");
        assertThat(message.messageId()).contains(confirmed.getEventId());
    }

    @Test
    void shouldEmailTheGuestOnceWhenABookingIsCancelled() throws Exception {
        String email = guestAddress();
        Booking booking = booking("bk-" + UUID.randomUUID(), email);
        booking.setStatus(BookingStatus.CANCELLED);

        publish(event(new BookingCancelled(booking)));

        MailServer.Message message = awaitExactlyOne(email).get(0);
        assertThat(message.subject()).contains("Booking cancelled", HOTEL_NAME, booking.getBookingId());
    }

    @Test
    void shouldSendNoDuplicateAfterARestartOnTheSameGroupNorForARedeliveredEvent() throws Exception {
        String email = guestAddress();
        ReservationEvent first = event(new BookingConfirmed(booking("bk-" + UUID.randomUUID(), email)));
        publish(first);
        awaitExactlyOne(email);

        stack.restartNotifier();
        // The same event again (as a producer retry or a replay would write it), then a new one.
        publish(first);
        ReservationEvent second = event(new BookingConfirmed(booking("bk-" + UUID.randomUUID(), email)));
        publish(second);

        await().atMost(Duration.ofSeconds(60)).until(() -> messagesTo(email).stream()
                .anyMatch(m -> m.messageId().contains(second.getEventId())));
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> messagesTo(email).size() == 2);
        assertThat(messagesTo(email))
                .extracting(MailServer.Message::messageId)
                .filteredOn(id -> id.contains(first.getEventId()))
                .hasSize(1);
    }

    @Test
    void shouldRemindTheGuestOnceOfAHoldAboutToExpire() throws Exception {
        String email = guestAddress();
        String holdId = "hold-" + UUID.randomUUID();
        // Shorter than the reminder lead: the reminder is due at once.
        Instant expiresAt =
                Instant.now().plus(stack.notifierSettings().reminderLead().dividedBy(2));

        publish(event(new HoldPlaced(hold(holdId, expiresAt, email))));

        MailServer.Message message = awaitExactlyOne(email).get(0);
        assertThat(message.subject()).contains("expires soon", HOTEL_NAME, holdId);
    }

    @Test
    void shouldListSentEmailsAsJsonOnTheMailView() throws Exception {
        String email = guestAddress();
        Booking booking = booking("bk-" + UUID.randomUUID(), email);
        publish(event(new BookingConfirmed(booking)));
        awaitExactlyOne(email);

        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.endpoints().get("mailUrl")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        var json = ApiClient.JSON.readTree(response.body());
        assertThat(json.path("messages").findValuesAsText("subject"))
                .anySatisfy(subject -> assertThat(subject).contains(booking.getBookingId()));
    }

    private static List<MailServer.Message> awaitExactlyOne(String email) {
        await().atMost(Duration.ofSeconds(60)).until(() -> !messagesTo(email).isEmpty());
        // Stays at one: no second copy follows.
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> messagesTo(email).size() == 1);
        return messagesTo(email);
    }

    private static List<MailServer.Message> messagesTo(String email) {
        return stack.mail().messages().stream()
                .filter(m -> m.to().contains(email))
                .toList();
    }

    private static String guestAddress() {
        return "guest-" + UUID.randomUUID() + "@example.com";
    }

    private static void publish(ReservationEvent event) throws Exception {
        producer.send(new ProducerRecord<>(events.name(), event.getHotelId(), event))
                .get(30, TimeUnit.SECONDS);
    }

    private static ReservationEvent event(Object payload) {
        return new ReservationEvent(UUID.randomUUID().toString(), HOTEL, Instant.now(), payload);
    }

    private static GuestDetails guest(String email) {
        return GuestDetails.newBuilder()
                .setLeadName("Dana Reyes")
                .setEmail(email)
                .setAdults(2)
                .build();
    }

    private static List<NightPrice> nights() {
        return List.of(new NightPrice(CHECK_IN, 120_000L), new NightPrice(CHECK_IN.plusDays(1), 120_000L));
    }

    private static Booking booking(String bookingId, String email) {
        Instant now = Instant.now();
        return Booking.newBuilder()
                .setBookingId(bookingId)
                .setHotelId(HOTEL)
                .setRoomTypeId("std")
                .setCheckIn(CHECK_IN)
                .setCheckOut(CHECK_IN.plusDays(2))
                .setQuantity(1)
                .setNights(nights())
                .setTotalMinor(240_000L)
                .setCurrency("THB")
                .setStatus(BookingStatus.CONFIRMED)
                .setRequestId("req-" + bookingId)
                .setPrincipal("notifier-it-guest")
                .setGuest(guest(email))
                .setPaymentReference("pay-" + bookingId)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
    }

    private static Hold hold(String holdId, Instant expiresAt, String email) {
        return Hold.newBuilder()
                .setHoldId(holdId)
                .setHotelId(HOTEL)
                .setRoomTypeId("std")
                .setCheckIn(CHECK_IN)
                .setCheckOut(CHECK_IN.plusDays(2))
                .setQuantity(1)
                .setNights(nights())
                .setTotalMinor(240_000L)
                .setCurrency("THB")
                .setStatus(HoldStatus.ACTIVE)
                .setRequestId("req-" + holdId)
                .setCreatedAt(Instant.now())
                .setExpiresAt(expiresAt)
                .setPrincipal("notifier-it-guest")
                .setGuest(guest(email))
                .build();
    }
}
