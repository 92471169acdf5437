package io.innflow.notifier;

import static io.innflow.notifier.TestEvents.booking;
import static io.innflow.notifier.TestEvents.guest;
import static io.innflow.notifier.TestEvents.hold;
import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.ReservationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationsTest {

    private final Notifications notifications = new Notifications(Duration.ofSeconds(60));
    private final Instant now = Instant.parse("2027-01-01T10:00:00Z");

    @Test
    void shouldComposeAConfirmationToTheGuestAndForgetTheHoldsReminder() {
        ReservationEvent event =
                TestEvents.confirmed(booking("h1", "b1", "hold-1", guest("Ann Lee", "ann@example.com")));

        List<Intent> intents = notifications.of(event, now);

        assertThat(intents)
                .containsExactly(
                        new Intent.ForgetReminder("h1", "hold-1"),
                        new Intent.Compose(
                                event.getEventId(),
                                EmailKind.BOOKING_CONFIRMED,
                                ((Intent.Compose) intents.get(1)).stay(),
                                event.getOccurredAt()));
        Stay stay = ((Intent.Compose) intents.get(1)).stay();
        assertThat(stay.email()).isEqualTo("ann@example.com");
        assertThat(stay.reference()).isEqualTo("b1");
    }

    @Test
    void shouldComposeACancellation() {
        ReservationEvent event = TestEvents.cancelled(booking("h1", "b1", null, guest("Ann Lee", "ann@example.com")));

        assertThat(notifications.of(event, now))
                .singleElement()
                .isInstanceOfSatisfying(
                        Intent.Compose.class, c -> assertThat(c.kind()).isEqualTo(EmailKind.BOOKING_CANCELLED));
    }

    @Test
    void shouldSendNothingForABookingWithoutGuestDetails() {
        assertThat(notifications.of(TestEvents.confirmed(booking("h1", "b1", null, null)), now))
                .isEmpty();
    }

    @Test
    void shouldScheduleTheReminderTheLeadBeforeTheHoldExpires() {
        Instant expiresAt = now.plus(Duration.ofMinutes(10));
        ReservationEvent event =
                TestEvents.placed(hold("h1", "hold-1", expiresAt, guest("Ann Lee", "ann@example.com")));

        assertThat(notifications.of(event, now)).singleElement().isInstanceOfSatisfying(Intent.Compose.class, c -> {
            assertThat(c.kind()).isEqualTo(EmailKind.HOLD_EXPIRING);
            assertThat(c.dueAt()).isEqualTo(expiresAt.minusSeconds(60));
            assertThat(c.eventId()).isEqualTo(event.getEventId());
        });
    }

    @Test
    void shouldNotRemindOfAHoldThatExpiredBeforeItWasRead() {
        ReservationEvent event =
                TestEvents.placed(hold("h1", "hold-1", now.minusSeconds(1), guest("Ann Lee", "ann@example.com")));

        assertThat(notifications.of(event, now)).isEmpty();
    }

    @Test
    void shouldForgetTheReminderWhenTheHoldIsReleasedOrExpires() {
        var hold = hold("h1", "hold-1", now.plusSeconds(600), guest("Ann Lee", "ann@example.com"));

        assertThat(notifications.of(TestEvents.released(hold), now))
                .containsExactly(new Intent.ForgetReminder("h1", "hold-1"));
        assertThat(notifications.of(TestEvents.expired(hold), now))
                .containsExactly(new Intent.ForgetReminder("h1", "hold-1"));
    }
}
