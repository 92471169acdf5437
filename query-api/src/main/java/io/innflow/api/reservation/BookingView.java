package io.innflow.api.reservation;

import io.innflow.schemas.reservation.Booking;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A booking as the API shows its owner. Amounts are in minor units of the currency; {@code guest} is null for bookings made before guest details. */
public record BookingView(
        String bookingId,
        String hotelId,
        String roomTypeId,
        LocalDate checkIn,
        LocalDate checkOut,
        int quantity,
        List<HoldView.NightView> nights,
        long totalMinor,
        String currency,
        String status,
        String holdId,
        String paymentReference,
        Instant createdAt,
        Instant updatedAt,
        GuestView guest) {

    public static BookingView of(Booking booking) {
        return new BookingView(
                booking.getBookingId(),
                booking.getHotelId(),
                booking.getRoomTypeId(),
                booking.getCheckIn(),
                booking.getCheckOut(),
                booking.getQuantity(),
                booking.getNights().stream()
                        .map(n -> new HoldView.NightView(n.getNight(), n.getPriceMinor()))
                        .toList(),
                booking.getTotalMinor(),
                booking.getCurrency(),
                booking.getStatus().name(),
                booking.getHoldId(),
                booking.getPaymentReference(),
                booking.getCreatedAt(),
                booking.getUpdatedAt(),
                GuestView.of(booking.getGuest()));
    }

    /** Where the booking is served. */
    public static String location(Booking booking) {
        return "/v1/hotels/" + booking.getHotelId() + "/bookings/" + booking.getBookingId();
    }
}
