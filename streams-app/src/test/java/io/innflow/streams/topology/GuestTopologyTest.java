package io.innflow.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.BookingGuestUpdated;
import io.innflow.schemas.reservation.CancelBooking;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.CorrectGuestContact;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Guest details through the topology: copied onto holds and bookings, the party judged, contacts corrected. */
class GuestTopologyTest {

    private static final String HOTEL = "bkk-guest";
    private static final LocalDate IN = LocalDate.of(2027, 1, 10);
    private static final LocalDate OUT = LocalDate.of(2027, 1, 12);
    private static final GuestDetails FAMILY = new GuestDetails("Grace Hopper", "grace@example.com", null, 2, 2, null);

    private TopologyFixture fx;

    @BeforeEach
    void catalog() {
        fx = new TopologyFixture();
        fx.hotel(HOTEL);
        fx.roomType(HOTEL, "std", 5); // sleeps two
        fx.nights(HOTEL, "std", LocalDate.of(2027, 1, 1), LocalDate.of(2027, 2, 1), 5, 150_000);
        fx.availabilityUpdates();
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private <T> List<T> eventsOf(Class<T> type) {
        return fx.events().stream()
                .map(ReservationEvent::getPayload)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private String bookDirect(String requestId, GuestDetails guest) {
        return fx.send(
                        requestId,
                        HOTEL,
                        new BookDirect("std", IN, OUT, 1, null, TopologyFixture.pay("tok_visa"), guest))
                .getBooking()
                .getBookingId();
    }

    @Test
    void shouldCarryTheHoldsGuestIntoTheBookingAndItsEventWhenTheConfirmGivesNone() {
        ReservationResult held = fx.send("r1", HOTEL, new PlaceHold("std", IN, OUT, 1, null, TopologyFixture.GUEST));
        assertThat(held.getHold().getGuest()).isEqualTo(TopologyFixture.GUEST);
        fx.events();

        ReservationResult confirmed = fx.send(
                "r2",
                HOTEL,
                new ConfirmBooking(held.getHold().getHoldId(), null, TopologyFixture.pay("tok_visa"), null));

        assertThat(confirmed.getAccepted()).isTrue();
        assertThat(confirmed.getBooking().getGuest()).isEqualTo(TopologyFixture.GUEST);
        List<BookingConfirmed> events = eventsOf(BookingConfirmed.class);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getBooking().getGuest().getEmail()).isEqualTo("ada@example.com");
    }

    @Test
    void shouldPreferTheConfirmsGuestOverTheHolds() {
        GuestDetails other = new GuestDetails("Alan Turing", "alan@example.com", null, 1, 0, "Quiet room");
        String holdId = fx.send("r1", HOTEL, new PlaceHold("std", IN, OUT, 1, null, TopologyFixture.GUEST))
                .getHold()
                .getHoldId();

        Booking booking = fx.send("r2", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), other))
                .getBooking();

        assertThat(booking.getGuest()).isEqualTo(other);
    }

    @Test
    void shouldRejectAConfirmWithoutAnyGuestAndKeepTheHold() {
        String holdId = fx.send("r1", HOTEL, new PlaceHold("std", IN, OUT, 1, null, null))
                .getHold()
                .getHoldId();

        ReservationResult confirm =
                fx.send("r2", HOTEL, new ConfirmBooking(holdId, null, TopologyFixture.pay("tok_visa"), null));

        assertThat(confirm.getReason()).isEqualTo("GUEST_REQUIRED");
        assertThat(fx.night(HOTEL, "std", IN).getSold()).isZero();
        assertThat(fx.night(HOTEL, "std", IN).getHeld()).isEqualTo(1);
    }

    @Test
    void shouldRejectAPartyLargerThanTheRoomsSleep() {
        ReservationResult hold = fx.send("r1", HOTEL, new PlaceHold("std", IN, OUT, 1, null, FAMILY));
        ReservationResult direct =
                fx.send("r2", HOTEL, new BookDirect("std", IN, OUT, 1, null, TopologyFixture.pay("tok_visa"), FAMILY));
        String bareHold = fx.send("r3", HOTEL, new PlaceHold("std", IN, OUT, 1, null, null))
                .getHold()
                .getHoldId();
        ReservationResult confirm =
                fx.send("r4", HOTEL, new ConfirmBooking(bareHold, null, TopologyFixture.pay("tok_visa"), FAMILY));
        ReservationResult twoRooms =
                fx.send("r5", HOTEL, new BookDirect("std", IN, OUT, 2, null, TopologyFixture.pay("tok_visa"), FAMILY));

        assertThat(hold.getReason()).isEqualTo("PARTY_TOO_LARGE");
        assertThat(direct.getReason()).isEqualTo("PARTY_TOO_LARGE");
        assertThat(confirm.getReason()).isEqualTo("PARTY_TOO_LARGE");
        assertThat(twoRooms.getAccepted()).as("four fit two rooms of two").isTrue();
        assertThat(fx.night(HOTEL, "std", IN).getSold()).isEqualTo(2);
        assertThat(fx.night(HOTEL, "std", IN).getHeld()).isEqualTo(1);
    }

    @Test
    void shouldCorrectTheContactAndTellDownstreamReaders() {
        String bookingId = bookDirect("r1", TopologyFixture.GUEST);
        fx.events();

        ReservationResult corrected =
                fx.send("r2", HOTEL, new CorrectGuestContact(bookingId, null, "ada.lovelace@example.org", null));

        assertThat(corrected.getAccepted()).isTrue();
        GuestDetails guest = corrected.getBooking().getGuest();
        assertThat(guest.getEmail()).isEqualTo("ada.lovelace@example.org");
        assertThat(guest.getLeadName()).as("untouched").isEqualTo("Ada Lovelace");
        assertThat(guest.getPhone()).as("untouched").isEqualTo("+44 20 7946 0000");
        Booking stored = fx.driver
                .<String, Booking>getKeyValueStore(StoreNames.BOOKINGS)
                .get(StoreKeys.booking(HOTEL, bookingId));
        assertThat(stored.getGuest().getEmail()).isEqualTo("ada.lovelace@example.org");
        List<BookingGuestUpdated> events = eventsOf(BookingGuestUpdated.class);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getBooking().getGuest().getEmail()).isEqualTo("ada.lovelace@example.org");
    }

    @Test
    void shouldNotEmitAgainWhenTheCorrectionChangesNothing() {
        String bookingId = bookDirect("r1", TopologyFixture.GUEST);
        fx.send("r2", HOTEL, new CorrectGuestContact(bookingId, null, "new@example.com", null));
        fx.events();

        ReservationResult again =
                fx.send("r3", HOTEL, new CorrectGuestContact(bookingId, null, "new@example.com", null));

        assertThat(again.getAccepted()).isTrue();
        assertThat(eventsOf(BookingGuestUpdated.class)).isEmpty();
    }

    @Test
    void shouldLetOnlyTheOwnerCorrectAnActiveBooking() {
        String bookingId = bookDirect("r1", TopologyFixture.GUEST);

        ReservationResult stranger =
                fx.send("r2", "guest-2", HOTEL, new CorrectGuestContact(bookingId, null, "evil@example.com", null));
        ReservationResult unknown = fx.send("r3", HOTEL, new CorrectGuestContact("nope", null, "x@example.com", null));
        fx.send("r4", HOTEL, new CancelBooking(bookingId));
        ReservationResult cancelled =
                fx.send("r5", HOTEL, new CorrectGuestContact(bookingId, null, "late@example.com", null));

        assertThat(stranger.getReason()).isEqualTo("FORBIDDEN");
        assertThat(unknown.getReason()).isEqualTo("BOOKING_NOT_FOUND");
        assertThat(cancelled.getReason()).isEqualTo("BOOKING_NOT_ACTIVE");
        Booking stored = fx.driver
                .<String, Booking>getKeyValueStore(StoreNames.BOOKINGS)
                .get(StoreKeys.booking(HOTEL, bookingId));
        assertThat(stored.getGuest().getEmail()).isEqualTo("ada@example.com");
    }
}
