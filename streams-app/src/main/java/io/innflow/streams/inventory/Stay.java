package io.innflow.streams.inventory;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * A stay as a command asks for it: {@code quantity} rooms of one room type for the nights
 * [checkIn, checkOut).
 */
public record Stay(String hotelId, String roomTypeId, LocalDate checkIn, LocalDate checkOut, int quantity) {

    /** Number of nights; zero or less when the dates are out of order. */
    public long length() {
        return ChronoUnit.DAYS.between(checkIn, checkOut);
    }
}
