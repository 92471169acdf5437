package io.innflow.connectors.catalog;

import java.time.LocalDate;

/**
 * One validated row of {@code room_nights} for a hotel: what a partner sets for one night of one room
 * type.
 */
public record NightRow(
        String roomTypeId,
        LocalDate night,
        int allotment,
        long priceMinor,
        boolean stopSell,
        Integer minLos,
        Integer maxLos,
        boolean closedToArrival,
        boolean closedToDeparture) {}
