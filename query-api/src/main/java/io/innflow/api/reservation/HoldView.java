package io.innflow.api.reservation;

import io.innflow.schemas.reservation.Hold;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A hold as the API shows its owner. Amounts are in minor units of the currency; {@code guest} is null when none was given. */
public record HoldView(
        String holdId,
        String hotelId,
        String roomTypeId,
        LocalDate checkIn,
        LocalDate checkOut,
        int quantity,
        List<NightView> nights,
        long totalMinor,
        String currency,
        String status,
        Instant createdAt,
        Instant expiresAt,
        Instant updatedAt,
        GuestView guest) {

    /** One night of the stay with its price per room. */
    public record NightView(LocalDate night, long priceMinor) {}

    public static HoldView of(Hold hold) {
        return new HoldView(
                hold.getHoldId(),
                hold.getHotelId(),
                hold.getRoomTypeId(),
                hold.getCheckIn(),
                hold.getCheckOut(),
                hold.getQuantity(),
                hold.getNights().stream()
                        .map(n -> new NightView(n.getNight(), n.getPriceMinor()))
                        .toList(),
                hold.getTotalMinor(),
                hold.getCurrency(),
                hold.getStatus().name(),
                hold.getCreatedAt(),
                hold.getExpiresAt(),
                hold.getUpdatedAt(),
                GuestView.of(hold.getGuest()));
    }

    /** Where the hold is served. */
    public static String location(Hold hold) {
        return "/v1/hotels/" + hold.getHotelId() + "/holds/" + hold.getHoldId();
    }
}
