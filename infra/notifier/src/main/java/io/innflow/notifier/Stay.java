package io.innflow.notifier;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What an email says about one hold or booking: the event's facts, with the guest's name and address.
 * Personal data: never logged ({@link #toString()} leaves the guest out).
 *
 * @param hotelId the hotel
 * @param reference the booking id, or the hold id for a hold reminder
 * @param holdId the hold it concerns or came from; null for a direct booking
 * @param roomTypeId the room type
 * @param checkIn first night
 * @param checkOut day of departure
 * @param quantity rooms
 * @param totalMinor total price in minor units
 * @param currency ISO currency
 * @param guestName the lead guest's name
 * @param email where the email goes
 * @param expiresAt when a hold expires; null for a booking
 */
public record Stay(
        String hotelId,
        String reference,
        String holdId,
        String roomTypeId,
        LocalDate checkIn,
        LocalDate checkOut,
        int quantity,
        long totalMinor,
        String currency,
        String guestName,
        String email,
        Instant expiresAt) {

    public Stay {
        Objects.requireNonNull(hotelId, "hotelId");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(email, "email");
    }

    @Override
    public String toString() {
        return "Stay[hotel=" + hotelId + ", reference=" + reference + "]";
    }
}
