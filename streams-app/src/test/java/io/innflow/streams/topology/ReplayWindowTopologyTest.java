package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.config.ReliabilitySettings;
import io.innflow.streams.config.TopologySettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A command replayed after its request was forgotten (an offset reset, a restore from a backup of the
 * topic) is refused as {@code REQUEST_EXPIRED} and never applied a second time; one still remembered
 * gets its first result.
 */
class ReplayWindowTopologyTest {

    private static final String HOTEL = "bkk-001";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);
    private static final Instant SENT = TopologyFixture.START;

    private TopologyFixture fx;

    @BeforeEach
    void catalog() {
        // A one-hour window with a five-minute margin: commands older than 55 minutes are not applied.
        fx = new TopologyFixture(
                TopologySettings.from(Map.of("innflow.idempotency.retention", "PT1H")),
                ReliabilitySettings.from(Map.of("innflow.reliability.replay-margin", "PT5M")));
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", IN, IN.plusDays(2), 5, 150_000);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldNotApplyAnOldCommandReplayedAfterItsRequestWasForgotten() {
        // Given a booking applied, and its request forgotten two hours later
        assertThat(fx.sendStamped("r1", HOTEL, booking(), SENT, SENT).getAccepted())
                .isTrue();
        fx.advance(Duration.ofHours(2));
        fx.events();

        // When the same command record is read again (same stamp, same record time)
        ReservationResult replay = fx.sendStamped("r1", HOTEL, booking(), SENT, SENT);

        // Then it is refused, and nothing is sold twice
        assertThat(replay.getAccepted()).isFalse();
        assertThat(replay.getReason()).isEqualTo("REQUEST_EXPIRED");
        assertThat(fx.night(HOTEL, "std", IN).getSold()).isEqualTo(1);
        assertThat(fx.events()).noneMatch(e -> e.getPayload() instanceof BookingConfirmed);
    }

    @Test
    void shouldAnswerAnOldCommandStillRememberedWithItsFirstResult() {
        // Given a booking applied 58 minutes ago: older than the margin allows, still remembered
        ReservationResult first = fx.sendStamped("r1", HOTEL, booking(), SENT, SENT);
        fx.advance(Duration.ofMinutes(58));

        // When it is read again
        ReservationResult replay = fx.sendStamped("r1", HOTEL, booking(), SENT, SENT);

        // Then it gets its first answer, and is applied once
        assertThat(replay.getAccepted()).isTrue();
        assertThat(replay.getBooking().getBookingId())
                .isEqualTo(first.getBooking().getBookingId());
        assertThat(fx.night(HOTEL, "std", IN).getSold()).isEqualTo(1);
    }

    @Test
    void shouldApplyANewRequestSentAfterTheWindowEvenWithAnOldKey() {
        // Given a booking applied and forgotten
        fx.sendStamped("r1", HOTEL, booking(), SENT, SENT);
        fx.advance(Duration.ofHours(2));

        // When the guest sends the same key now: a new request, as docs/api.md says of old keys
        Instant now = SENT.plus(Duration.ofHours(2));
        ReservationResult again = fx.sendStamped("r1", HOTEL, booking(), now, now);

        // Then it is applied
        assertThat(again.getAccepted()).isTrue();
        assertThat(fx.night(HOTEL, "std", IN).getSold()).isEqualTo(2);
    }

    @Test
    void shouldRefuseAMarginThatLeavesNoWindowNamingBothKeys() {
        assertThatThrownBy(() -> ReliabilitySettings.from(Map.of("innflow.reliability.replay-margin", "PT1H"))
                        .maxCommandAge(Duration.ofHours(1)))
                .hasMessageContaining("innflow.reliability.replay-margin")
                .hasMessageContaining("innflow.idempotency.retention");
    }

    private static BookDirect booking() {
        return BookDirect.newBuilder()
                .setRoomTypeId("std")
                .setCheckIn(IN)
                .setCheckOut(IN.plusDays(1))
                .setQuantity(1)
                .setPayment(TopologyFixture.pay("tok_ok"))
                .build();
    }
}
