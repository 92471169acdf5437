package io.innflow.connectors.catalog;

import java.util.Set;
import java.util.TreeSet;

/**
 * The fixed words of hotel and room type content: what partners may set and guests may filter on.
 * Listed in docs/partner-api.md; adding a word is a compatible change, removing one is not.
 */
public final class ContentVocabulary {

    /** Amenities of a hotel. */
    public static final Set<String> HOTEL_AMENITIES = sorted(
            "wifi",
            "pool",
            "parking",
            "breakfast",
            "gym",
            "spa",
            "restaurant",
            "bar",
            "air_conditioning",
            "pet_friendly",
            "airport_shuttle",
            "accessible",
            "beach_access",
            "family_rooms",
            "laundry",
            "front_desk_24h");

    /** Amenities of a room type. */
    public static final Set<String> ROOM_AMENITIES = sorted(
            "wifi",
            "air_conditioning",
            "tv",
            "minibar",
            "safe",
            "kettle",
            "desk",
            "balcony",
            "bathtub",
            "rain_shower",
            "kitchenette",
            "sea_view",
            "city_view",
            "garden_view",
            "accessible",
            "non_smoking");

    /** Bed types of a room type. */
    public static final Set<String> BED_TYPES = sorted("single", "twin", "double", "queen", "king", "bunk", "sofa_bed");

    private ContentVocabulary() {}

    private static Set<String> sorted(String... words) {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(Set.of(words)));
    }
}
