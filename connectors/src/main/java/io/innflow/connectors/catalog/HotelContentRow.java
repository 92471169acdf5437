package io.innflow.connectors.catalog;

import java.util.List;

/**
 * The content columns of a {@code hotels} row (migration V40); also the before/after of its audit entry.
 *
 * @param starRating 1 to 5, or null
 * @param amenities words of {@link ContentVocabulary#HOTEL_AMENITIES}, sorted
 * @param checkInTime HH:mm, or null
 * @param checkOutTime HH:mm, or null
 * @param freeCancellation whether bookings are cancelled free of charge
 */
public record HotelContentRow(
        String description,
        Integer starRating,
        String address,
        Double latitude,
        Double longitude,
        List<String> amenities,
        List<PhotoRow> photos,
        String checkInTime,
        String checkOutTime,
        String cancellationPolicy,
        boolean freeCancellation) {

    /** A photo: an https URL and an optional caption. */
    public record PhotoRow(String url, String caption) {}
}
