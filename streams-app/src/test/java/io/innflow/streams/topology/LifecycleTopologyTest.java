package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingCancelled;
import io.innflow.schemas.reservation.BookingCheckedIn;
import io.innflow.schemas.reservation.BookingCheckedOut;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.BookingNoShow;
import io.innflow.schemas.reservation.BookingStatus;
import io.innflow.schemas.reservation.CancelBooking;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.FrontDeskAction;
import io.innflow.schemas.reservation.FrontDeskTransition;
import io.innflow.schemas.reservation.HoldExpired;
import io.innflow.schemas.reservation.HoldReleased;
import io.innflow.schemas.reservation.HoldStatus;
import io.innflow.schemas.reservation.InventoryOverbooked;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LifecycleTopologyTest {

    private static final String HOTEL = "bkk-001";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);
    private static final LocalDate OUT = LocalDate.of(2027, 1, 13);

    private TopologyFixture fx;

    @BeforeEach
    void catalog() {
        fx = new TopologyFixture();
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5);
        fx.nights(HOTEL, "std", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1), 5, 150_000);
        fx.availabilityUpdates();
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private ReservationResult hold(String requestId, int quantity) {
        return fx.send(requestId, HOTEL, new PlaceHold("std", IN, OUT, quantity, null, null));
    }

    private int held(LocalDate night) {
        return fx.night(HOTEL, "std", night).getHeld();
    }

    private int sold(LocalDate night) {
        return fx.night(HOTEL, "std", night).getSold();
    }

    private <T> List<T> eventsOf(Class<T> type) {
        return fx.events().stream()
                .map(ReservationEvent::getPayload)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    @Test
    void shouldReleaseAHoldAndFreeItsNights() {
        String holdId = hold("r1", 2).getHold().getHoldId();
        fx.events();

        ReservationResult released = fx.send("r2", HOTEL, new ReleaseHold(holdId));

        assertThat(released.getAccepted()).isTrue();
        assertThat(released.getHold().getStatus()).isEqualTo(HoldStatus.RELEASED);
        assertThat(held(IN)).isZero();
        assertThat(eventsOf(HoldReleased.class)).hasSize(1);
    }

    @Test
    void shouldExpireAHoldByWallClockWithoutNewRecords() {
        ReservationResult placed = fx.send("r1", HOTEL, new PlaceHold("std", IN, OUT, 2, 60, null));
        fx.events();

        fx.advance(Duration.ofSeconds(59));
        assertThat(held(IN)).as("not yet").isEqualTo(2);

        fx.advance(Duration.ofSeconds(2));
        assertThat(held(IN)).as("freed within a second of expiresAt").isZero();
        List<HoldExpired> expired = eventsOf(HoldExpired.class);
        assertThat(expired).hasSize(1);
        assertThat(expired.get(0).getHold().getHoldId())
                .isEqualTo(placed.getHold().getHoldId());
        assertThat(expired.get(0).getHold().getStatus()).isEqualTo(HoldStatus.EXPIRED);
    }

    @Test
    void shouldCapTheHoldTimeAskedByTheClient() {
        ReservationResult placed = fx.send("r1", HOTEL, new PlaceHold("std", IN, OUT, 1, 24 * 3600, null));

        assertThat(Duration.between(
                        placed.getHold().getCreatedAt(), placed.getHold().getExpiresAt()))
                .isEqualTo(fx.config.maxHoldTtl());
    }

    @Test
    void shouldConfirmAHoldIntoABookingMovingHeldToSold() {
        String holdId = hold("r1", 2).getHold().getHoldId();
        fx.events();

        ReservationResult confirmed =
                fx.send("r2", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), null));

        assertThat(confirmed.getAccepted()).isTrue();
        Booking booking = confirmed.getBooking();
        assertThat(booking.getStatus()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking.getHoldId()).isEqualTo(holdId);
        assertThat(booking.getTotalMinor()).isEqualTo(3 * 2 * 150_000L);
        assertThat(confirmed.getHold().getStatus()).isEqualTo(HoldStatus.CONFIRMED);
        assertThat(held(IN)).isZero();
        assertThat(sold(IN)).isEqualTo(2);
        assertThat(eventsOf(BookingConfirmed.class)).hasSize(1);

        fx.advance(Duration.ofMinutes(30));
        assertThat(sold(IN)).as("a confirmed hold never expires").isEqualTo(2);
    }

    @Test
    void shouldDeclineThePaymentAndKeepTheHold() {
        String holdId = hold("r1", 2).getHold().getHoldId();

        ReservationResult declined =
                fx.send("r2", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_decline"), null));

        assertThat(declined.getReason()).isEqualTo("PAYMENT_DECLINED");
        assertThat(held(IN)).isEqualTo(2);
        assertThat(sold(IN)).isZero();
        assertThat(fx.send("r3", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), null))
                        .getAccepted())
                .isTrue();
    }

    @Test
    void shouldRejectConfirmingAnExpiredHold() {
        String holdId = fx.send("r1", HOTEL, new PlaceHold("std", IN, OUT, 1, 30, null))
                .getHold()
                .getHoldId();
        fx.advance(Duration.ofSeconds(31));

        ReservationResult late =
                fx.send("r2", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), null));

        assertThat(late.getReason()).isEqualTo("HOLD_EXPIRED");
        assertThat(sold(IN)).isZero();
        assertThat(held(IN)).isZero();
    }

    @Test
    void shouldConfirmAHoldWhoseConfirmWasSentBeforeItExpiredButProcessedAfter() {
        // Given a 30 s hold, and a confirm the node stamped 20 s later (before the hold expired)
        Instant placedAt = TopologyFixture.START;
        String holdId = fx.sendStamped("r1", HOTEL, new PlaceHold("std", IN, OUT, 1, 30, null), placedAt, placedAt)
                .getHold()
                .getHoldId();
        Instant confirmSent = placedAt.plusSeconds(20);

        // When a failover delays its processing until after the hold expired by wall clock
        fx.advance(Duration.ofSeconds(60));
        ReservationResult confirmed = fx.sendStamped(
                "r2",
                HOTEL,
                new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), null),
                confirmSent,
                confirmSent);

        // Then it is judged by when it was sent: the booking is made and its nights are sold
        assertThat(confirmed.getAccepted())
                .as(String.valueOf(confirmed.getMessage()))
                .isTrue();
        assertThat(confirmed.getBooking().getHoldId()).isEqualTo(holdId);
        assertThat(sold(IN)).isEqualTo(1);
        assertThat(held(IN)).isZero();
    }

    @Test
    void shouldNotTrustAStampThatDisagreesWithTheRecordsTimestamp() {
        Instant placedAt = TopologyFixture.START;
        String holdId = fx.sendStamped("r1", HOTEL, new PlaceHold("std", IN, OUT, 1, 30, null), placedAt, placedAt)
                .getHold()
                .getHoldId();
        fx.advance(Duration.ofSeconds(60));

        // A stamp 20 s after the hold but a record written 60 s after it: the stamp is not believed
        ReservationResult late = fx.sendStamped(
                "r2",
                HOTEL,
                new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), null),
                placedAt.plusSeconds(20),
                placedAt.plusSeconds(60));

        assertThat(late.getReason()).isEqualTo("HOLD_EXPIRED");
        assertThat(sold(IN)).isZero();
    }

    @Test
    void shouldCancelABookingWhoseCancelWasSentTheDayBeforeCheckIn() {
        String bookingId = fx.send(
                        "r1", HOTEL, new BookDirect("std", IN, OUT, 1, null, TopologyFixture.pay("tok_visa"), null))
                .getBooking()
                .getBookingId();
        // Sent at 23:00 in Bangkok the day before check-in, processed after midnight (check-in day)
        Instant sent = Instant.parse("2027-01-09T16:00:00Z");
        fx.advance(Duration.between(TopologyFixture.START, Instant.parse("2027-01-09T17:30:00Z")));

        ReservationResult cancel = fx.sendStamped("r2", HOTEL, new CancelBooking(bookingId), sent, sent);

        assertThat(cancel.getAccepted()).as(String.valueOf(cancel.getMessage())).isTrue();
        assertThat(sold(IN)).isZero();
    }

    @Test
    void shouldRejectConfirmingAReleasedHold() {
        String holdId = hold("r1", 1).getHold().getHoldId();
        fx.send("r2", HOTEL, new ReleaseHold(holdId));

        ReservationResult confirm =
                fx.send("r3", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), null));

        assertThat(confirm.getReason()).isEqualTo("HOLD_NOT_ACTIVE");
        assertThat(sold(IN)).isZero();
    }

    @Test
    void shouldRejectAnotherGuestTouchingTheHold() {
        String holdId = hold("r1", 1).getHold().getHoldId();

        ReservationResult release = fx.send("r2", "guest-2", HOTEL, new ReleaseHold(holdId));
        ReservationResult confirm = fx.send(
                "r3", "guest-2", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), null));

        assertThat(release.getReason()).isEqualTo("FORBIDDEN");
        assertThat(confirm.getReason()).isEqualTo("FORBIDDEN");
        assertThat(held(IN)).isEqualTo(1);
    }

    @Test
    void shouldRejectAnUnknownHold() {
        assertThat(fx.send("r1", HOTEL, new ConfirmBooking("nope", null, TopologyFixture.pay("tok_visa"), null))
                        .getReason())
                .isEqualTo("HOLD_NOT_FOUND");
    }

    @Test
    void shouldBookDirectlyAllOrNothing() {
        ReservationResult booked =
                fx.send("r1", HOTEL, new BookDirect("std", IN, OUT, 3, null, TopologyFixture.pay("tok_visa"), null));
        ReservationResult tooMany =
                fx.send("r2", HOTEL, new BookDirect("std", IN, OUT, 3, null, TopologyFixture.pay("tok_visa"), null));
        ReservationResult declined =
                fx.send("r3", HOTEL, new BookDirect("std", IN, OUT, 1, null, TopologyFixture.pay("tok_decline"), null));

        assertThat(booked.getBooking().getStatus()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booked.getBooking().getHoldId()).isNull();
        assertThat(tooMany.getReason()).isEqualTo("NOT_AVAILABLE");
        assertThat(declined.getReason()).isEqualTo("PAYMENT_DECLINED");
        assertThat(sold(IN)).isEqualTo(3);
    }

    @Test
    void shouldCancelABookingAndFreeItsNightsOnce() {
        String bookingId = fx.send(
                        "r1", HOTEL, new BookDirect("std", IN, OUT, 2, null, TopologyFixture.pay("tok_visa"), null))
                .getBooking()
                .getBookingId();
        fx.events();

        ReservationResult cancelled = fx.send("r2", HOTEL, new CancelBooking(bookingId));
        ReservationResult again = fx.send("r3", HOTEL, new CancelBooking(bookingId));

        assertThat(cancelled.getBooking().getStatus()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(again.getAccepted()).isTrue();
        assertThat(again.getBooking().getStatus()).isEqualTo(BookingStatus.CANCELLED);
        assertThat(sold(IN)).isZero();
        assertThat(eventsOf(BookingCancelled.class)).hasSize(1);
    }

    @Test
    void shouldRejectCancellingOnTheCheckInDate() {
        String bookingId = fx.send(
                        "r1", HOTEL, new BookDirect("std", IN, OUT, 1, null, TopologyFixture.pay("tok_visa"), null))
                .getBooking()
                .getBookingId();
        // The fixture's wall clock starts at 2027-01-01T00:00Z; the hotel lives in Asia/Bangkok (UTC+7).
        fx.advance(Duration.ofDays(9).minusHours(7));

        ReservationResult cancel = fx.send("r2", HOTEL, new CancelBooking(bookingId));

        assertThat(cancel.getReason()).isEqualTo("CANCELLATION_CLOSED");
        assertThat(sold(IN)).isEqualTo(1);
    }

    @Test
    void shouldFollowTheFrontDeskLifecycle() {
        String first = fx.send(
                        "r1", HOTEL, new BookDirect("std", IN, OUT, 1, null, TopologyFixture.pay("tok_visa"), null))
                .getBooking()
                .getBookingId();
        String second = fx.send(
                        "r2", HOTEL, new BookDirect("std", IN, OUT, 1, null, TopologyFixture.pay("tok_visa"), null))
                .getBooking()
                .getBookingId();
        fx.events();

        assertThat(frontDesk("r3", first, FrontDeskAction.CHECK_OUT).getReason())
                .isEqualTo("INVALID_TRANSITION");
        assertThat(frontDesk("r4", first, FrontDeskAction.CHECK_IN).getBooking().getStatus())
                .isEqualTo(BookingStatus.CHECKED_IN);
        assertThat(frontDesk("r5", first, FrontDeskAction.CHECK_OUT)
                        .getBooking()
                        .getStatus())
                .isEqualTo(BookingStatus.CHECKED_OUT);
        assertThat(frontDesk("r6", second, FrontDeskAction.NO_SHOW).getBooking().getStatus())
                .isEqualTo(BookingStatus.NO_SHOW);
        assertThat(fx.send("r7", HOTEL, new CancelBooking(second)).getReason()).isEqualTo("CANCELLATION_CLOSED");

        List<ReservationEvent> events = fx.events();
        assertThat(events)
                .extracting(e -> e.getPayload().getClass().getSimpleName())
                .containsExactly(
                        BookingCheckedIn.class.getSimpleName(),
                        BookingCheckedOut.class.getSimpleName(),
                        BookingNoShow.class.getSimpleName());
        assertThat(sold(IN)).as("rooms stay sold").isEqualTo(2);
    }

    private ReservationResult frontDesk(String requestId, String bookingId, FrontDeskAction action) {
        return fx.send(requestId, "partner-1", HOTEL, new FrontDeskTransition(bookingId, action));
    }

    @Test
    void shouldPublishTheAvailabilityOfEveryChangedNight() {
        hold("r1", 2);

        List<AvailabilityUpdate> updates = fx.availabilityUpdates();

        assertThat(updates)
                .extracting(AvailabilityUpdate::getNight)
                .containsExactly(IN, IN.plusDays(1), IN.plusDays(2));
        assertThat(updates).allSatisfy(u -> {
            assertThat(u.getHeld()).isEqualTo(2);
            assertThat(u.getAvailable()).isEqualTo(3);
            assertThat(u.getCurrency()).isEqualTo("THB");
        });
    }

    @Test
    void shouldReportButNotCancelWhenTheCatalogLowersAnAllotmentBelowWhatIsHeld() {
        hold("r1", 4);
        fx.events();

        fx.night(HOTEL, "std", IN, 2, 150_000, Map.of());

        List<InventoryOverbooked> reports = eventsOf(InventoryOverbooked.class);
        assertThat(reports).hasSize(1);
        assertThat(reports.get(0).getExcess()).isEqualTo(2);
        assertThat(reports.get(0).getNight()).isEqualTo(IN);
        assertThat(held(IN)).as("nobody is cancelled").isEqualTo(4);
        assertThat(fx.availabilityUpdates()).last().satisfies(u -> assertThat(u.getAvailable())
                .isZero());
        assertThat(hold("r2", 1).getReason()).isEqualTo("NOT_AVAILABLE");
    }

    @Test
    void shouldSellTheOverbookingAllowance() {
        fx.roomType(HOTEL, "std", 5, 1, true);

        assertThat(hold("r1", 6).getAccepted()).isTrue();
        assertThat(hold("r2", 1).getReason()).isEqualTo("NOT_AVAILABLE");
    }

    @Test
    void shouldStopSellingAnInactiveRoomType() {
        fx.roomType(HOTEL, "std", 5, 0, false);

        assertThat(hold("r1", 1).getReason()).isEqualTo("ROOM_TYPE_NOT_FOUND");
    }

    @Test
    void shouldApplyEachRestrictionWithItsOwnReason() {
        fx.night(HOTEL, "std", LocalDate.of(2027, 1, 20), 5, 1, Map.of("stop_sell", true));
        fx.night(HOTEL, "std", LocalDate.of(2027, 1, 22), 5, 1, Map.of("min_los", 3));
        fx.night(HOTEL, "std", LocalDate.of(2027, 1, 24), 5, 1, Map.of("max_los", 1));
        fx.night(HOTEL, "std", LocalDate.of(2027, 1, 26), 5, 1, Map.of("closed_to_arrival", true));
        fx.night(HOTEL, "std", LocalDate.of(2027, 1, 29), 5, 1, Map.of("closed_to_departure", true));

        assertThat(stay("a", 19, 21)).isEqualTo("STOP_SELL");
        assertThat(stay("b", 22, 24)).isEqualTo("MIN_LENGTH_OF_STAY");
        assertThat(stay("c", 22, 25)).isNull();
        assertThat(stay("d", 24, 26)).isEqualTo("MAX_LENGTH_OF_STAY");
        assertThat(stay("e", 26, 27)).isEqualTo("CLOSED_TO_ARRIVAL");
        assertThat(stay("f", 27, 29)).isEqualTo("CLOSED_TO_DEPARTURE");
        assertThat(stay("g", 28, 30))
                .as("staying through a closed-to-departure night is fine")
                .isNull();
    }

    private String stay(String requestId, int inDay, int outDay) {
        return fx.send(
                        requestId,
                        HOTEL,
                        new PlaceHold(
                                "std", LocalDate.of(2027, 1, inDay), LocalDate.of(2027, 1, outDay), 1, null, null))
                .getReason();
    }

    @Test
    void shouldForgetARequestIdAfterTheIdempotencyWindow() {
        String first = hold("r1", 1).getHold().getHoldId();
        assertThat(hold("r1", 1).getHold().getHoldId()).as("within the window").isEqualTo(first);
        assertThat(held(IN)).isEqualTo(1);

        fx.advance(fx.config.idempotencyRetention().plusMinutes(2));

        ReservationResult anew = hold("r1", 1);
        assertThat(anew.getAccepted()).isTrue();
        assertThat(held(IN))
                .as("the first hold expired, the forgotten id applied again")
                .isEqualTo(1);
    }

    @Test
    void shouldCarryTheCommandPositionAsConsistencyToken() {
        assertThat(hold("r1", 1).getPosition()).matches("reservation-commands:\\d+:\\d+");
    }
}
