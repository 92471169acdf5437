package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.config.TopologySettings;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One guest may hold at most {@code innflow.hold.max-room-nights} room-nights at a hotel at once. */
class HoldLimitTopologyTest {

    private static final String HOTEL = "bkk-001";
    private static final String OTHER_HOTEL = "bkk-002";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);

    private TopologyFixture fx;

    @BeforeEach
    void catalog() {
        // A bound of 6 room-nights: two rooms for three nights.
        fx = new TopologyFixture(TopologySettings.from(Map.of("innflow.hold.max-room-nights", "6")));
        for (String hotel : new String[] {HOTEL, OTHER_HOTEL}) {
            fx.hotel(hotel);
            fx.roomType(hotel, "std", 50);
            fx.nights(hotel, "std", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1), 50, 150_000);
        }
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private ReservationResult hold(String requestId, String guest, String hotel, int nights, int rooms) {
        return fx.send(requestId, guest, hotel, new PlaceHold("std", IN, IN.plusDays(nights), rooms, null, null));
    }

    @Test
    void shouldRefuseAHoldBeyondTheGuestsBoundAtTheHotelAndChangeNothing() {
        // Given a guest holding 4 room-nights
        assertThat(hold("r1", "guest-a", HOTEL, 2, 2).getAccepted()).isTrue();
        int heldBefore = fx.night(HOTEL, "std", IN).getHeld();

        // When the guest asks for 3 more (7 > 6)
        ReservationResult refused = hold("r2", "guest-a", HOTEL, 3, 1);

        // Then the hold is refused with HOLD_LIMIT and no night moves
        assertThat(refused.getAccepted()).isFalse();
        assertThat(refused.getReason()).isEqualTo("HOLD_LIMIT");
        assertThat(fx.night(HOTEL, "std", IN).getHeld()).isEqualTo(heldBefore);
        // ... while exactly up to the bound is still allowed
        assertThat(hold("r3", "guest-a", HOTEL, 2, 1).getAccepted()).isTrue();
        assertThat(hold("r4", "guest-a", HOTEL, 1, 1).getReason()).isEqualTo("HOLD_LIMIT");
    }

    @Test
    void shouldBoundEachGuestAtEachHotelOnItsOwn() {
        assertThat(hold("r1", "guest-a", HOTEL, 3, 2).getAccepted()).isTrue();

        assertThat(hold("r2", "guest-b", HOTEL, 3, 2).getAccepted()).isTrue();
        assertThat(hold("r3", "guest-a", OTHER_HOTEL, 3, 2).getAccepted()).isTrue();
        assertThat(hold("r4", "guest-a", HOTEL, 1, 1).getReason()).isEqualTo("HOLD_LIMIT");
    }

    @Test
    void shouldCountAgainOnceAHoldIsReleasedExpiredOrConfirmed() {
        // Released
        String released = hold("r1", "guest-a", HOTEL, 3, 2).getHold().getHoldId();
        assertThat(hold("r2", "guest-a", HOTEL, 1, 1).getReason()).isEqualTo("HOLD_LIMIT");
        assertThat(fx.send("r3", "guest-a", HOTEL, new ReleaseHold(released)).getAccepted())
                .isTrue();
        // Confirmed: a booking is sold, no longer held
        String confirmed = hold("r4", "guest-a", HOTEL, 3, 2).getHold().getHoldId();
        assertThat(fx.send(
                                "r5",
                                "guest-a",
                                HOTEL,
                                new ConfirmBooking(confirmed, null, TopologyFixture.pay("tok_visa"), null))
                        .getAccepted())
                .isTrue();
        // Expired
        assertThat(hold("r6", "guest-a", HOTEL, 3, 2).getAccepted()).isTrue();
        assertThat(hold("r7", "guest-a", HOTEL, 1, 1).getReason()).isEqualTo("HOLD_LIMIT");
        fx.advance(fx.config.holdTtl().plus(Duration.ofSeconds(1)));

        assertThat(hold("r8", "guest-a", HOTEL, 3, 2).getAccepted()).isTrue();
    }

    @Test
    void shouldNotCountADeclinedConfirmationAsAnEnd() {
        String holdId = hold("r1", "guest-a", HOTEL, 3, 2).getHold().getHoldId();

        ReservationResult declined = fx.send(
                "r2", "guest-a", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_decline"), null));

        assertThat(declined.getReason()).isEqualTo("PAYMENT_DECLINED");
        assertThat(hold("r3", "guest-a", HOTEL, 1, 1).getReason()).isEqualTo("HOLD_LIMIT");
    }

    @Test
    void shouldStillDeclineACommandWrittenBeforeAuthorizationsWithTheDeclinedToken() {
        String holdId = hold("r1", "guest-a", HOTEL, 1, 1).getHold().getHoldId();

        ReservationResult legacy =
                fx.send("r2", "guest-a", HOTEL, new ConfirmBooking(holdId, "tok_decline", null, null));

        assertThat(legacy.getReason()).isEqualTo("PAYMENT_DECLINED");
    }
}
