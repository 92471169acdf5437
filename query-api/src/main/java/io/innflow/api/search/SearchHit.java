package io.innflow.api.search;

import java.util.List;

/**
 * A hotel that can take the party for the whole stay, with every room type that can.
 *
 * @param fromTotalMinor the cheapest offer's total for the stay, in minor units
 * @param offers the room types that fit and are sellable on every night, cheapest first
 */
public record SearchHit(
        String hotelId, String name, String city, String currency, long fromTotalMinor, List<Offer> offers) {

    /**
     * One room type for the whole stay.
     *
     * @param available rooms of this type still sellable on the tightest night of the stay
     * @param totalMinor price of the stay for all rooms asked for, in minor units
     */
    public record Offer(String roomTypeId, String name, int capacity, int available, long totalMinor) {}
}
