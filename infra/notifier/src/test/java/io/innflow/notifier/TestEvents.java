package io.innflow.notifier;

import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingCancelled;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.BookingStatus;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldExpired;
import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.HoldReleased;
import io.innflow.schemas.reservation.HoldStatus;
import io.innflow.schemas.reservation.NightPrice;
import io.innflow.schemas.reservation.ReservationEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Events of reservation-events as the topology writes them, with guest details. */
public final class TestEvents {

    public static final LocalDate CHECK_IN = LocalDate.of(2027, 3, 10);

    private TestEvents() {}

    public static GuestDetails guest(String name, String email) {
        return GuestDetails.newBuilder()
                .setLeadName(name)
                .setEmail(email)
                .setAdults(2)
                .build();
    }

    public static Booking booking(String hotelId, String bookingId, String holdId, GuestDetails guest) {
        Instant now = Instant.now();
        return Booking.newBuilder()
                .setBookingId(bookingId)
                .setHotelId(hotelId)
                .setRoomTypeId("std")
                .setCheckIn(CHECK_IN)
                .setCheckOut(CHECK_IN.plusDays(2))
                .setQuantity(1)
                .setNights(List.of(new NightPrice(CHECK_IN, 150_000L), new NightPrice(CHECK_IN.plusDays(1), 150_000L)))
                .setTotalMinor(300_000L)
                .setCurrency("THB")
                .setStatus(BookingStatus.CONFIRMED)
                .setHoldId(holdId)
                .setRequestId("req-" + bookingId)
                .setPrincipal("guest-1")
                .setGuest(guest)
                .setPaymentReference("pay-" + bookingId)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .build();
    }

    public static Hold hold(String hotelId, String holdId, Instant expiresAt, GuestDetails guest) {
        return Hold.newBuilder()
                .setHoldId(holdId)
                .setHotelId(hotelId)
                .setRoomTypeId("std")
                .setCheckIn(CHECK_IN)
                .setCheckOut(CHECK_IN.plusDays(2))
                .setQuantity(1)
                .setNights(List.of(new NightPrice(CHECK_IN, 150_000L), new NightPrice(CHECK_IN.plusDays(1), 150_000L)))
                .setTotalMinor(300_000L)
                .setCurrency("THB")
                .setStatus(HoldStatus.ACTIVE)
                .setRequestId("req-" + holdId)
                .setCreatedAt(Instant.now())
                .setExpiresAt(expiresAt)
                .setPrincipal("guest-1")
                .setGuest(guest)
                .build();
    }

    public static ReservationEvent event(String hotelId, Object payload) {
        return new ReservationEvent(UUID.randomUUID().toString(), hotelId, Instant.now(), payload);
    }

    public static ReservationEvent confirmed(Booking booking) {
        return event(booking.getHotelId(), new BookingConfirmed(booking));
    }

    public static ReservationEvent cancelled(Booking booking) {
        Booking b =
                Booking.newBuilder(booking).setStatus(BookingStatus.CANCELLED).build();
        return event(booking.getHotelId(), new BookingCancelled(b));
    }

    public static ReservationEvent placed(Hold hold) {
        return event(hold.getHotelId(), new HoldPlaced(hold));
    }

    public static ReservationEvent released(Hold hold) {
        return event(
                hold.getHotelId(),
                new HoldReleased(
                        Hold.newBuilder(hold).setStatus(HoldStatus.RELEASED).build()));
    }

    public static ReservationEvent expired(Hold hold) {
        return event(
                hold.getHotelId(),
                new HoldExpired(
                        Hold.newBuilder(hold).setStatus(HoldStatus.EXPIRED).build()));
    }
}
