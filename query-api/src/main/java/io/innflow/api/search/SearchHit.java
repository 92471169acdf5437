package io.innflow.api.search;

import java.util.List;

/**
 * A hotel that can take the party for the whole stay, with every room type that can, and the part
 * of its content a guest compares hotels by.
 *
 * @param fromTotalMinor the cheapest offer's total for the stay, in minor units
 * @param fromNightlyMinor the cheapest offer's price per night (total / nights, rounded), in minor units
 * @param starRating 1 to 5, null when the hotel has not set it
 * @param amenities the hotel's amenities (see docs/partner-api.md for the vocabulary)
 * @param freeCancellation whether the hotel's bookings can be cancelled free of charge
 * @param thumbnailUrl the hotel's first photo, null when it has none
 * @param distanceKm great-circle distance from the search's {@code near} point; null without {@code near} or coordinates
 * @param offers the room types that fit, are sellable on every night and are in the price range, cheapest first
 */
public record SearchHit(
        String hotelId,
        String name,
        String city,
        String currency,
        long fromTotalMinor,
        long fromNightlyMinor,
        Integer starRating,
        List<String> amenities,
        boolean freeCancellation,
        String address,
        Double latitude,
        Double longitude,
        String thumbnailUrl,
        Double distanceKm,
        List<Offer> offers) {

    /**
     * One room type for the whole stay.
     *
     * @param available rooms of this type still sellable on the tightest night of the stay
     * @param totalMinor price of the stay for all rooms asked for, in minor units
     * @param nightlyMinor {@code totalMinor} per night, rounded to the nearest minor unit
     */
    public record Offer(
            String roomTypeId,
            String name,
            int capacity,
            int available,
            long totalMinor,
            long nightlyMinor,
            String bedType,
            Integer sizeM2) {}
}
