package io.innflow.api.partner;

import io.innflow.connectors.catalog.CatalogException;
import io.innflow.connectors.catalog.RoomTypeRow;
import java.util.Locale;

/**
 * Body of {@code PUT /v1/partner/hotels/{hotelId}/room-types/{roomTypeId}}: the whole room type.
 *
 * @param code a short code shown to staff (default: the id in upper case)
 * @param name its name, 1-200 characters
 * @param capacity guests per room, 1-50
 * @param totalRooms rooms of this type in the hotel, 0-100000
 * @param basePriceMinor the reference price per night in minor units
 * @param overbookingAllowance rooms that may be sold beyond the allotment of a night (default 0)
 * @param active false stops selling it; existing holds and bookings are kept (default true)
 */
public record RoomTypeRequest(
        String code,
        String name,
        Integer capacity,
        Integer totalRooms,
        Long basePriceMinor,
        Integer overbookingAllowance,
        Boolean active) {

    /** The room type {@code roomTypeId} as the body describes it; throws {@link CatalogException.Invalid} on the first problem. */
    RoomTypeRow validated(String roomTypeId) {
        if (name == null || name.isBlank()) {
            throw CatalogException.Invalid.request("name is required");
        }
        if (name.trim().length() > 200) {
            throw CatalogException.Invalid.request("name may have at most 200 characters");
        }
        String theCode = code == null ? roomTypeId.toUpperCase(Locale.ROOT) : code.trim();
        if (theCode.isEmpty() || theCode.length() > 20) {
            throw CatalogException.Invalid.request("code must have 1-20 characters");
        }
        range("capacity", capacity, 1, 50);
        range("totalRooms", totalRooms, 0, NightRowValidator.MAX_ALLOTMENT);
        if (basePriceMinor == null) {
            throw CatalogException.Invalid.request(
                    "basePriceMinor is required (minor units, e.g. 150000 for 1,500.00 THB)");
        }
        if (basePriceMinor < 0 || basePriceMinor > NightRowValidator.MAX_PRICE_MINOR) {
            throw CatalogException.Invalid.request(
                    "basePriceMinor must be between 0 and " + NightRowValidator.MAX_PRICE_MINOR);
        }
        int allowance = overbookingAllowance == null ? 0 : overbookingAllowance;
        if (allowance < 0 || allowance > 1000) {
            throw CatalogException.Invalid.request("overbookingAllowance must be between 0 and 1000");
        }
        return RoomTypeRow.of(
                roomTypeId,
                theCode,
                name.trim(),
                capacity,
                totalRooms,
                basePriceMinor,
                allowance,
                active == null || active);
    }

    private static void range(String field, Integer value, int min, int max) {
        if (value == null) {
            throw CatalogException.Invalid.request(field + " is required");
        }
        if (value < min || value > max) {
            throw CatalogException.Invalid.request(field + " must be between " + min + " and " + max);
        }
    }
}
