package io.innflow.connectors.catalog;

import java.time.LocalDate;

/**
 * A row of {@code room_types}, with the span of nights the catalog has for it.
 *
 * @param nights how many nights have a row (0 where the span was not read)
 * @param firstNight the earliest of them (null when none, or not read)
 * @param lastNight the latest of them (null when none, or not read)
 */
public record RoomTypeRow(
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

    /** The fields a partner sets: the before/after of an audit entry. */
    public record Summary(
            String code,
            String name,
            int capacity,
            int totalRooms,
            long basePriceMinor,
            int overbookingAllowance,
            boolean active) {}

    /** A room type as a partner writes it, without the span of nights. */
    public static RoomTypeRow of(
            String roomTypeId,
            String code,
            String name,
            int capacity,
            int totalRooms,
            long basePriceMinor,
            int overbookingAllowance,
            boolean active) {
        return new RoomTypeRow(
                roomTypeId,
                code,
                name,
                capacity,
                totalRooms,
                basePriceMinor,
                overbookingAllowance,
                active,
                0,
                null,
                null);
    }

    public Summary summary() {
        return new Summary(code, name, capacity, totalRooms, basePriceMinor, overbookingAllowance, active);
    }
}
