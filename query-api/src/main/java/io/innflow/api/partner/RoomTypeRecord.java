package io.innflow.api.partner;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A room type as the partner API shows it, with the span of nights the catalog has for it.
 *
 * @param nights how many nights have a row
 * @param firstNight the earliest of them (null when none)
 * @param lastNight the latest of them (null when none)
 */
public record RoomTypeRecord(
        String roomTypeId,
        String code,
        String name,
        int capacity,
        int totalRooms,
        long basePriceMinor,
        int overbookingAllowance,
        boolean active,
        long nights,
        LocalDate firstNight,
        LocalDate lastNight) {

    Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("name", name);
        m.put("capacity", capacity);
        m.put("totalRooms", totalRooms);
        m.put("basePriceMinor", basePriceMinor);
        m.put("overbookingAllowance", overbookingAllowance);
        m.put("active", active);
        return m;
    }
}
