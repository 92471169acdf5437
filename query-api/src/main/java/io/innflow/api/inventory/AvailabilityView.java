package io.innflow.api.inventory;

import java.time.LocalDate;
import java.util.List;

/** Availability of one hotel over a date range, per room type and night. */
public record AvailabilityView(
        String hotelId, String currency, LocalDate from, LocalDate to, List<RoomTypeNights> roomTypes) {

    /** The nights of one room type. */
    public record RoomTypeNights(String roomTypeId, String name, int capacity, List<Night> nights) {}

    /**
     * One night. {@code available} applies the same rules a hold checks (stop-sell, overbooking
     * allowance); {@code priceMinor} is per room in minor units.
     */
    public record Night(
            LocalDate night,
            int allotment,
            int held,
            int sold,
            int available,
            long priceMinor,
            boolean stopSell,
            Integer minLos,
            Integer maxLos,
            boolean closedToArrival,
            boolean closedToDeparture) {}
}
