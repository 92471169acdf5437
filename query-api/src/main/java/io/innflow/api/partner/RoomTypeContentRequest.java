package io.innflow.api.partner;

import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.ContentVocabulary;
import io.innflow.connectors.catalog.RoomTypeContentRow;
import java.util.List;

/**
 * Body of {@code PUT /v1/partner/hotels/{hotelId}/room-types/{roomTypeId}/content}: the whole
 * content, replaced (an absent field clears it).
 *
 * @param bedType a word of the bed type vocabulary
 * @param sizeM2 floor area in square metres, 1 to {@value #MAX_SIZE_M2}
 * @param amenities words of the room amenity vocabulary
 * @param photos at most {@value HotelContentRequest#MAX_ROOM_PHOTOS}, https URLs
 */
public record RoomTypeContentRequest(
        String description,
        String bedType,
        Integer sizeM2,
        List<String> amenities,
        List<HotelContentRequest.PhotoRequest> photos) {

    static final int MAX_SIZE_M2 = 2000;

    RoomTypeContentRow validated() {
        if (bedType != null && !ContentVocabulary.BED_TYPES.contains(bedType)) {
            throw CatalogException.Invalid.request(
                    "bedType must be one of " + ContentVocabulary.BED_TYPES + ": " + bedType);
        }
        if (sizeM2 != null && (sizeM2 < 1 || sizeM2 > MAX_SIZE_M2)) {
            throw CatalogException.Invalid.request("sizeM2 must be from 1 to " + MAX_SIZE_M2 + ": " + sizeM2);
        }
        return new RoomTypeContentRow(
                HotelContentRequest.text("description", description, HotelContentRequest.MAX_DESCRIPTION),
                bedType,
                sizeM2,
                HotelContentRequest.words("amenities", amenities, ContentVocabulary.ROOM_AMENITIES),
                HotelContentRequest.photos(photos, HotelContentRequest.MAX_ROOM_PHOTOS));
    }
}
