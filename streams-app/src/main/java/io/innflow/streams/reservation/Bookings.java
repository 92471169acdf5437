package io.innflow.streams.reservation;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingCancelled;
import io.innflow.schemas.reservation.BookingCheckedIn;
import io.innflow.schemas.reservation.BookingCheckedOut;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.BookingGuestUpdated;
import io.innflow.schemas.reservation.BookingNoShow;
import io.innflow.schemas.reservation.BookingStatus;
import io.innflow.schemas.reservation.CancelBooking;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.CorrectGuestContact;
import io.innflow.schemas.reservation.FrontDeskTransition;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldStatus;
import io.innflow.schemas.reservation.NightPrice;
import io.innflow.schemas.reservation.PaymentAuthorization;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.InventoryLedger;
import io.innflow.streams.inventory.Rejection;
import io.innflow.streams.inventory.Rejection.Reason;
import io.innflow.streams.inventory.SellRules;
import io.innflow.streams.inventory.Stay;
import io.innflow.streams.inventory.StayNights;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Bookings: confirming a hold, booking directly, cancelling, and the front desk's check-in,
 * check-out and no-show (see docs/lifecycle.md).
 */
final class Bookings {

    /** The mock payment token that is always declined, in commands written before authorizations. */
    static final String DECLINED_TOKEN = "tok_decline";

    private final KeyValueStore<String, Booking> bookings;
    private final Holds holds;
    private final InventoryLedger ledger;
    private final ReservationEmitter emit;

    Bookings(ProcessorContext<?, ?> context, Holds holds, InventoryLedger ledger, ReservationEmitter emit) {
        this.bookings = context.getStateStore(StoreNames.BOOKINGS);
        this.holds = holds;
        this.ledger = ledger;
        this.emit = emit;
    }

    ReservationResult confirm(Command c, ConfirmBooking confirm) {
        Hold hold = holds.find(c, confirm.getHoldId());
        Rejection rejection = Holds.checkAccess(c, hold, confirm.getHoldId());
        if (rejection != null) {
            return Results.rejected(c, rejection);
        }
        String bookingId = DerivedIds.derive(c.hotelId(), "booking", hold.getHoldId());
        if (hold.getStatus() == HoldStatus.CONFIRMED) {
            Booking booking = bookings.get(StoreKeys.booking(c.hotelId(), bookingId));
            return Results.accepted(c).setHold(hold).setBooking(booking).build(); // confirmed before
        }
        boolean sentInTime = c.deadlineTime().isBefore(hold.getExpiresAt());
        if (hold.getStatus() == HoldStatus.ACTIVE && !sentInTime) {
            hold = holds.end(c.record(), hold, HoldStatus.EXPIRED, c.now()); // due; the punctuator had not run yet
        }
        if (hold.getStatus() == HoldStatus.EXPIRED && !sentInTime) {
            return Results.rejected(c, Reason.HOLD_EXPIRED, "The hold expired at " + hold.getExpiresAt());
        }
        if (hold.getStatus() != HoldStatus.ACTIVE && hold.getStatus() != HoldStatus.EXPIRED) {
            return Results.rejected(c, Reason.HOLD_NOT_ACTIVE, "The hold is " + hold.getStatus());
        }
        GuestDetails guest = confirm.getGuest() != null ? confirm.getGuest() : hold.getGuest();
        Rejection guestRejection = checkGuest(guest, hold);
        if (guestRejection != null) {
            return Results.rejected(c, guestRejection);
        }
        if (hold.getStatus() == HoldStatus.EXPIRED) {
            return confirmExpired(c, confirm, hold, bookingId, guest);
        }
        if (declined(confirm.getPayment(), confirm.getPaymentToken())) {
            return Results.rejected(
                    c, Reason.PAYMENT_DECLINED, "The payment was declined; the hold is kept until it expires");
        }
        Hold confirmed = holds.confirm(c, hold);
        Booking booking =
                record(c, bookingId, Holds.stayOf(hold), hold.getNights(), hold.getCurrency(), hold.getHoldId(), guest);
        return Results.accepted(c).setHold(confirmed).setBooking(booking).build();
    }

    /** Null when {@code guest} may stay in the hold's rooms; a booking from a hold needs a guest. */
    private Rejection checkGuest(GuestDetails guest, Hold hold) {
        if (guest == null) {
            return new Rejection(
                    Reason.GUEST_REQUIRED, "Give the guest details: neither the booking request nor the hold has them");
        }
        return GuestRules.checkParty(
                guest, ledger.roomType(hold.getHotelId(), hold.getRoomTypeId()), hold.getQuantity());
    }

    /**
     * A confirm sent before the hold expired but processed after the punctuator expired it (a failover
     * or restore delayed it): its nights were released, so they are sold again only if every one is
     * still free; otherwise the hold stays expired. At the hold's prices, which the guest was shown.
     */
    private ReservationResult confirmExpired(
            Command c, ConfirmBooking confirm, Hold hold, String bookingId, GuestDetails guest) {
        StayNights read = ledger.read(Holds.stayOf(hold));
        Rejection taken = SellRules.checkStay(read).orElse(null);
        if (taken != null) {
            return Results.rejected(
                    c,
                    Reason.HOLD_EXPIRED,
                    "The hold expired at " + hold.getExpiresAt() + " and its rooms are gone: " + taken.message());
        }
        if (DECLINED_TOKEN.equals(confirm.getPaymentToken())) {
            return Results.rejected(c, Reason.PAYMENT_DECLINED, "The payment was declined; nothing was booked");
        }
        ledger.book(read, c.now(), emit.availability(c.record()));
        Hold confirmed = holds.markConfirmed(c, hold);
        Booking booking =
                record(c, bookingId, Holds.stayOf(hold), hold.getNights(), hold.getCurrency(), hold.getHoldId(), guest);
        return Results.accepted(c).setHold(confirmed).setBooking(booking).build();
    }

    ReservationResult bookDirect(Command c, BookDirect direct) {
        Stay stay = new Stay(
                c.hotelId(), direct.getRoomTypeId(), direct.getCheckIn(), direct.getCheckOut(), direct.getQuantity());
        Rejection shape = SellRules.checkShape(stay).orElse(null);
        if (shape != null) {
            return Results.rejected(c, shape);
        }
        StayNights read = ledger.read(stay);
        Rejection rejection = SellRules.checkStay(read).orElse(null);
        if (rejection == null) {
            rejection = GuestRules.checkParty(direct.getGuest(), read.roomType(), stay.quantity());
        }
        if (rejection != null) {
            return Results.rejected(c, rejection);
        }
        if (declined(direct.getPayment(), direct.getPaymentToken())) {
            return Results.rejected(c, Reason.PAYMENT_DECLINED, "The payment was declined; nothing was booked");
        }
        List<NightPrice> prices = read.prices();
        ledger.book(read, c.now(), emit.availability(c.record()));
        String bookingId = DerivedIds.derive(c.hotelId(), "booking", c.source());
        // A null guest only in commands written before guest details: nodes require one.
        Booking booking = record(c, bookingId, stay, prices, read.hotel().getCurrency(), null, direct.getGuest());
        return Results.accepted(c).setBooking(booking).build();
    }

    /** Stores a new confirmed booking and emits BookingConfirmed. */
    private Booking record(
            Command c,
            String bookingId,
            Stay stay,
            List<NightPrice> prices,
            String currency,
            String holdId,
            GuestDetails guest) {
        Booking booking = Booking.newBuilder()
                .setBookingId(bookingId)
                .setHotelId(c.hotelId())
                .setRoomTypeId(stay.roomTypeId())
                .setCheckIn(stay.checkIn())
                .setCheckOut(stay.checkOut())
                .setQuantity(stay.quantity())
                .setNights(prices)
                .setTotalMinor(DerivedIds.total(prices, stay.quantity()))
                .setCurrency(currency)
                .setStatus(BookingStatus.CONFIRMED)
                .setHoldId(holdId)
                .setRequestId(c.requestId())
                .setPrincipal(c.principal())
                .setGuest(guest)
                .setPaymentReference(DerivedIds.paymentReference(c))
                .setCreatedAt(c.now())
                .setUpdatedAt(c.now())
                .build();
        bookings.put(StoreKeys.booking(c.hotelId(), bookingId), booking);
        emit.event(c.record(), c.hotelId(), c.now(), new BookingConfirmed(booking));
        return booking;
    }

    /**
     * Whether the payment is declined: the node's authorization decides; a command written before
     * authorizations carries the token, and one carrying neither has no payment at all.
     */
    static boolean declined(PaymentAuthorization payment, String legacyToken) {
        if (payment != null) {
            return !payment.getApproved();
        }
        return legacyToken == null || DECLINED_TOKEN.equals(legacyToken);
    }

    ReservationResult cancel(Command c, CancelBooking cancel) {
        Booking booking = bookings.get(StoreKeys.booking(c.hotelId(), cancel.getBookingId()));
        if (booking == null) {
            return Results.rejected(
                    c, Reason.BOOKING_NOT_FOUND, "No booking " + cancel.getBookingId() + " at this hotel");
        }
        if (!c.isOwnedBy(booking.getPrincipal())) {
            return Results.rejected(c, Reason.FORBIDDEN, "This booking belongs to someone else");
        }
        if (booking.getStatus() == BookingStatus.CANCELLED) {
            return Results.accepted(c).setBooking(booking).build(); // cancelling twice changes nothing
        }
        if (booking.getStatus() != BookingStatus.CONFIRMED) {
            return Results.rejected(
                    c, Reason.CANCELLATION_CLOSED, "A booking that is " + booking.getStatus() + " cannot be cancelled");
        }
        // Judged when the node stamped the cancel, so a delayed cancel sent the day before still counts.
        LocalDate today = LocalDate.ofInstant(c.deadlineTime(), zoneOf(c.hotelId()));
        if (!today.isBefore(booking.getCheckIn())) {
            return Results.rejected(
                    c, Reason.CANCELLATION_CLOSED, "Cancellation closed on the check-in date " + booking.getCheckIn());
        }
        Stay stay = new Stay(
                c.hotelId(),
                booking.getRoomTypeId(),
                booking.getCheckIn(),
                booking.getCheckOut(),
                booking.getQuantity());
        ledger.cancel(ledger.read(stay), c.now(), emit.availability(c.record()));
        Booking cancelled = Booking.newBuilder(booking)
                .setStatus(BookingStatus.CANCELLED)
                .setUpdatedAt(c.now())
                .build();
        bookings.put(StoreKeys.booking(c.hotelId(), booking.getBookingId()), cancelled);
        emit.event(c.record(), c.hotelId(), c.now(), new BookingCancelled(cancelled));
        return Results.accepted(c).setBooking(cancelled).build();
    }

    /** Check-in, check-out and no-show, sent by the partner's front desk; the nights stay sold. */
    ReservationResult frontDesk(Command c, FrontDeskTransition transition) {
        Booking booking = bookings.get(StoreKeys.booking(c.hotelId(), transition.getBookingId()));
        if (booking == null) {
            return Results.rejected(
                    c, Reason.BOOKING_NOT_FOUND, "No booking " + transition.getBookingId() + " at this hotel");
        }
        BookingStatus from = booking.getStatus();
        BookingStatus to =
                switch (transition.getAction()) {
                    case CHECK_IN -> from == BookingStatus.CONFIRMED ? BookingStatus.CHECKED_IN : null;
                    case CHECK_OUT -> from == BookingStatus.CHECKED_IN ? BookingStatus.CHECKED_OUT : null;
                    case NO_SHOW -> from == BookingStatus.CONFIRMED ? BookingStatus.NO_SHOW : null;
                };
        if (to == null) {
            return Results.rejected(
                    c, Reason.INVALID_TRANSITION, transition.getAction() + " is not possible from " + from);
        }
        Booking moved =
                Booking.newBuilder(booking).setStatus(to).setUpdatedAt(c.now()).build();
        bookings.put(StoreKeys.booking(c.hotelId(), booking.getBookingId()), moved);
        SpecificRecord payload =
                switch (to) {
                    case CHECKED_IN -> new BookingCheckedIn(moved);
                    case CHECKED_OUT -> new BookingCheckedOut(moved);
                    default -> new BookingNoShow(moved);
                };
        emit.event(c.record(), c.hotelId(), c.now(), payload);
        return Results.accepted(c).setBooking(moved).build();
    }

    /**
     * The booking's owner corrects the lead guest's contact details while the booking is CONFIRMED or
     * CHECKED_IN; emits BookingGuestUpdated when anything changed (a repeat changes nothing).
     */
    ReservationResult correctGuest(Command c, CorrectGuestContact correction) {
        Booking booking = bookings.get(StoreKeys.booking(c.hotelId(), correction.getBookingId()));
        if (booking == null) {
            return Results.rejected(
                    c, Reason.BOOKING_NOT_FOUND, "No booking " + correction.getBookingId() + " at this hotel");
        }
        if (!c.isOwnedBy(booking.getPrincipal())) {
            return Results.rejected(c, Reason.FORBIDDEN, "This booking belongs to someone else");
        }
        if (booking.getStatus() != BookingStatus.CONFIRMED && booking.getStatus() != BookingStatus.CHECKED_IN) {
            return Results.rejected(
                    c,
                    Reason.BOOKING_NOT_ACTIVE,
                    "The guest details of a booking that is " + booking.getStatus() + " are no longer corrected");
        }
        if (booking.getGuest() == null) {
            return Results.rejected(
                    c,
                    Reason.INVALID_REQUEST,
                    "This booking was made without guest details: there is nothing to correct");
        }
        GuestDetails guest = GuestRules.corrected(booking.getGuest(), correction);
        if (guest.equals(booking.getGuest())) {
            return Results.accepted(c).setBooking(booking).build(); // nothing changes
        }
        Booking updated = Booking.newBuilder(booking)
                .setGuest(guest)
                .setUpdatedAt(c.now())
                .build();
        bookings.put(StoreKeys.booking(c.hotelId(), booking.getBookingId()), updated);
        emit.event(c.record(), c.hotelId(), c.now(), new BookingGuestUpdated(updated));
        return Results.accepted(c).setBooking(updated).build();
    }

    private ZoneId zoneOf(String hotelId) {
        HotelInfo hotel = ledger.hotel(hotelId);
        try {
            return hotel == null ? ZoneId.of("UTC") : ZoneId.of(hotel.getTimeZone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
