package io.innflow.api.partner;

import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.ContentVocabulary;
import io.innflow.connectors.catalog.HotelContentRow;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Body of {@code PUT /v1/partner/hotels/{hotelId}/content}: the whole content, replaced (an absent
 * field clears it). Limits are in docs/partner-api.md.
 *
 * @param starRating 1 to 5
 * @param latitude decimal degrees, -90 to 90; given together with longitude
 * @param longitude decimal degrees, -180 to 180
 * @param amenities words of the hotel amenity vocabulary
 * @param photos at most {@value #MAX_PHOTOS}, https URLs
 * @param checkInTime HH:mm
 * @param checkOutTime HH:mm
 * @param freeCancellation whether bookings are cancelled free of charge (default false)
 */
public record HotelContentRequest(
        String description,
        Integer starRating,
        String address,
        Double latitude,
        Double longitude,
        List<String> amenities,
        List<PhotoRequest> photos,
        String checkInTime,
        String checkOutTime,
        String cancellationPolicy,
        Boolean freeCancellation) {

    static final int MAX_DESCRIPTION = 4000;
    static final int MAX_ADDRESS = 300;
    static final int MAX_POLICY = 2000;
    static final int MAX_PHOTOS = 30;
    static final int MAX_ROOM_PHOTOS = 20;
    static final int MAX_URL = 2000;
    static final int MAX_CAPTION = 200;

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

    /** A photo of the request. */
    public record PhotoRequest(String url, String caption) {}

    /** The content as stored; throws {@link CatalogException.Invalid} naming the first problem. */
    HotelContentRow validated() {
        if (starRating != null && (starRating < 1 || starRating > 5)) {
            throw CatalogException.Invalid.request("starRating must be from 1 to 5: " + starRating);
        }
        if ((latitude == null) != (longitude == null)) {
            throw CatalogException.Invalid.request("latitude and longitude are given together or not at all");
        }
        if (latitude != null && !(latitude >= -90 && latitude <= 90)) {
            throw CatalogException.Invalid.request("latitude must be from -90 to 90: " + latitude);
        }
        if (longitude != null && !(longitude >= -180 && longitude <= 180)) {
            throw CatalogException.Invalid.request("longitude must be from -180 to 180: " + longitude);
        }
        return new HotelContentRow(
                text("description", description, MAX_DESCRIPTION),
                starRating,
                text("address", address, MAX_ADDRESS),
                latitude,
                longitude,
                words("amenities", amenities, ContentVocabulary.HOTEL_AMENITIES),
                photos(photos, MAX_PHOTOS),
                time("checkInTime", checkInTime),
                time("checkOutTime", checkOutTime),
                text("cancellationPolicy", cancellationPolicy, MAX_POLICY),
                Boolean.TRUE.equals(freeCancellation));
    }

    /** Trimmed text, null when absent or blank. */
    static String text(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > max) {
            throw CatalogException.Invalid.request(field + " may have at most " + max + " characters");
        }
        return trimmed;
    }

    /** Distinct words of {@code vocabulary}, sorted. */
    static List<String> words(String field, List<String> values, Set<String> vocabulary) {
        if (values == null) {
            return List.of();
        }
        Set<String> out = new TreeSet<>();
        for (String value : values) {
            if (value == null || !vocabulary.contains(value)) {
                throw CatalogException.Invalid.request(field + " must be words of " + vocabulary + ": " + value);
            }
            out.add(value);
        }
        return List.copyOf(out);
    }

    static List<HotelContentRow.PhotoRow> photos(List<PhotoRequest> photos, int max) {
        if (photos == null) {
            return List.of();
        }
        if (photos.size() > max) {
            throw CatalogException.Invalid.request("photos may have at most " + max + " entries");
        }
        return photos.stream()
                .map(p -> {
                    if (p == null) {
                        throw CatalogException.Invalid.request("photos may not hold null");
                    }
                    return new HotelContentRow.PhotoRow(url(p.url()), text("caption", p.caption(), MAX_CAPTION));
                })
                .toList();
    }

    private static String url(String value) {
        if (value == null || value.isBlank()) {
            throw CatalogException.Invalid.request("every photo needs a url");
        }
        if (value.length() > MAX_URL) {
            throw CatalogException.Invalid.request("a photo url may have at most " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
                throw new URISyntaxException(value, "not an https URL with a host");
            }
        } catch (URISyntaxException e) {
            throw CatalogException.Invalid.request("a photo url must be an https URL with a host: " + value);
        }
        return value;
    }

    private static String time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!TIME.matcher(value).matches()) {
            throw CatalogException.Invalid.request(field + " must be a time HH:mm (00:00 to 23:59): " + value);
        }
        return value;
    }
}
