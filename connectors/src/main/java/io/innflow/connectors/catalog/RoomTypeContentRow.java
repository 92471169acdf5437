package io.innflow.connectors.catalog;

import java.util.List;

/**
 * The content columns of a {@code room_types} row (migration V40); also the before/after of its audit entry.
 *
 * @param bedType a word of {@link ContentVocabulary#BED_TYPES}, or null
 * @param sizeM2 floor area in square metres, or null
 * @param amenities words of {@link ContentVocabulary#ROOM_AMENITIES}, sorted
 */
public record RoomTypeContentRow(
        String description,
        String bedType,
        Integer sizeM2,
        List<String> amenities,
        List<HotelContentRow.PhotoRow> photos) {}
