package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlaceHoldTopologyTest {

    private static final String HOTEL = "bkk-001";
    private static final LocalDate JAN_10 = LocalDate.of(2027, 1, 10);
    private static final LocalDate JAN_13 = LocalDate.of(2027, 1, 13);

    private TopologyFixture fx;

    @BeforeEach
    void catalog() {
        fx = new TopologyFixture();
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1), 5, 150_000);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldHoldEveryNightWhenAllNightsAreAvailable() {
        ReservationResult result = fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_13, 2);

        assertThat(result.getAccepted()).isTrue();
        assertThat(result.getHold().getNights()).hasSize(3);
        assertThat(result.getHold().getTotalMinor()).isEqualTo(3 * 2 * 150_000L);
        assertThat(result.getHold().getCurrency()).isEqualTo("THB");
        assertThat(Duration.between(
                        result.getHold().getCreatedAt(), result.getHold().getExpiresAt()))
                .isEqualTo(fx.config.holdTtl());
        for (LocalDate night = JAN_10; night.isBefore(JAN_13); night = night.plusDays(1)) {
            assertThat(fx.night(HOTEL, "std", night).getHeld())
                    .as("held on %s", night)
                    .isEqualTo(2);
        }
        assertThat(fx.night(HOTEL, "std", JAN_13).getHeld())
                .as("the departure night is not held")
                .isZero();
        List<ReservationEvent> events = fx.events();
        assertThat(events).hasSize(1);
        assertThat(((HoldPlaced) events.get(0).getPayload()).getHold().getHoldId())
                .isEqualTo(result.getHold().getHoldId());
    }

    @Test
    void shouldRejectAndChangeNothingWhenOneNightIsShort() {
        fx.nights(HOTEL, "std", JAN_13.minusDays(1), JAN_13, 1, 150_000); // Jan 12 has only one room

        ReservationResult result = fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_13, 2);

        assertThat(result.getAccepted()).isFalse();
        assertThat(result.getReason()).isEqualTo("QUANTITY_EXCEEDS_CAPACITY");
        assertThat(fx.night(HOTEL, "std", JAN_10).getHeld()).isZero();
        assertThat(fx.night(HOTEL, "std", JAN_10.plusDays(1)).getHeld()).isZero();
        assertThat(fx.events()).isEmpty();
    }

    @Test
    void shouldRejectWhenEarlierHoldsLeaveTooFewRooms() {
        assertThat(fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_13, 4).getAccepted())
                .isTrue();

        ReservationResult second = fx.placeHold("r2", HOTEL, "std", JAN_10.plusDays(2), JAN_13.plusDays(2), 2);

        assertThat(second.getAccepted()).isFalse();
        assertThat(second.getReason()).isEqualTo("NOT_AVAILABLE");
        assertThat(fx.night(HOTEL, "std", JAN_13).getHeld())
                .as("later nights untouched")
                .isZero();
        assertThat(fx.night(HOTEL, "std", JAN_10.plusDays(2)).getHeld()).isEqualTo(4);
    }

    @Test
    void shouldRejectUnknownHotel() {
        ReservationResult result = fx.placeHold("r1", "nowhere", "std", JAN_10, JAN_13, 1);

        assertThat(result.getAccepted()).isFalse();
        assertThat(result.getReason()).isEqualTo("HOTEL_NOT_FOUND");
    }

    @Test
    void shouldRejectUnknownRoomType() {
        ReservationResult result = fx.placeHold("r1", HOTEL, "penthouse", JAN_10, JAN_13, 1);

        assertThat(result.getAccepted()).isFalse();
        assertThat(result.getReason()).isEqualTo("ROOM_TYPE_NOT_FOUND");
    }

    @Test
    void shouldRejectQuantityLargerThanAllotment() {
        ReservationResult result = fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_13, 6);

        assertThat(result.getAccepted()).isFalse();
        assertThat(result.getReason()).isEqualTo("QUANTITY_EXCEEDS_CAPACITY");
        assertThat(fx.night(HOTEL, "std", JAN_10).getHeld()).isZero();
    }

    @Test
    void shouldRejectCheckOutNotAfterCheckIn() {
        ReservationResult same = fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_10, 1);
        ReservationResult reversed = fx.placeHold("r2", HOTEL, "std", JAN_13, JAN_10, 1);

        assertThat(same.getReason()).isEqualTo("INVALID_REQUEST");
        assertThat(reversed.getReason()).isEqualTo("INVALID_REQUEST");
        assertThat(fx.night(HOTEL, "std", JAN_10).getHeld()).isZero();
    }

    @Test
    void shouldRejectNightsTheCatalogDoesNotOffer() {
        ReservationResult result =
                fx.placeHold("r1", HOTEL, "std", LocalDate.of(2027, 1, 30), LocalDate.of(2027, 2, 2), 1);

        assertThat(result.getReason()).isEqualTo("NIGHT_NOT_OFFERED");
        assertThat(fx.night(HOTEL, "std", LocalDate.of(2027, 1, 30)).getHeld()).isZero();
    }

    @Test
    void shouldAnswerARepeatedRequestWithTheFirstResultWithoutApplyingAgain() {
        ReservationResult first = fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_13, 2);
        fx.events();

        ReservationResult again = fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_13, 2);

        assertThat(again).isEqualTo(first);
        assertThat(fx.night(HOTEL, "std", JAN_10).getHeld()).isEqualTo(2);
        assertThat(fx.events()).isEmpty();
    }

    @Test
    void shouldRejectTheSameRequestIdWithAnotherBody() {
        fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_13, 2);

        ReservationResult conflict = fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_13, 3);

        assertThat(conflict.getAccepted()).isFalse();
        assertThat(conflict.getReason()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(fx.night(HOTEL, "std", JAN_10).getHeld()).isEqualTo(2);
    }

    @Test
    void shouldKeepHeldRoomsWhenTheCatalogRepublishesANight() {
        fx.placeHold("r1", HOTEL, "std", JAN_10, JAN_13, 2);

        fx.nights(HOTEL, "std", JAN_10, JAN_13, 5, 180_000);

        assertThat(fx.night(HOTEL, "std", JAN_10).getHeld()).isEqualTo(2);
        assertThat(fx.night(HOTEL, "std", JAN_10).getPriceMinor()).isEqualTo(180_000);
    }
}
