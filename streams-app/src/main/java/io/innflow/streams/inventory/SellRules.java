package io.innflow.streams.inventory;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The one restriction engine: what a hold checks and what availability and search show, so what is
 * shown can be held.
 */
public final class SellRules {

    /** The longest stay a single command may cover. */
    public static final int MAX_STAY_NIGHTS = 90;

    private SellRules() {}

    /** Rooms still sellable on one night; zero on stop-sell or once held+sold reach the ceiling. */
    public static int available(NightInventory night, int overbookingAllowance) {
        if (night.getStopSell() || !night.getFromCatalog()) {
            return 0;
        }
        return Math.max(0, night.getAllotment() + overbookingAllowance - night.getHeld() - night.getSold());
    }

    /**
     * Checks a stay against the catalog and the counters, all nights or none.
     *
     * @param nights one entry per night of [checkIn, checkOut), in order; null where the catalog has
     *     no row
     * @param departure the row of the checkOut date itself, if any (closed to departure)
     */
    public static Optional<Rejection> checkStay(
            HotelInfo hotel,
            RoomTypeInfo roomType,
            LocalDate checkIn,
            LocalDate checkOut,
            int quantity,
            List<NightInventory> nights,
            NightInventory departure) {
        Optional<Rejection> shape = checkShape(checkIn, checkOut, quantity);
        if (shape.isPresent()) {
            return shape;
        }
        if (hotel == null || !"APPROVED".equals(hotel.getStatus())) {
            return reject(Rejection.Reason.HOTEL_NOT_FOUND, "Hotel is unknown or not bookable");
        }
        if (roomType == null || !roomType.getActive()) {
            return reject(Rejection.Reason.ROOM_TYPE_NOT_FOUND, "Room type is unknown or inactive");
        }
        long length = ChronoUnit.DAYS.between(checkIn, checkOut);
        NightInventory arrival = nights.get(0);
        if (arrival != null) {
            if (arrival.getClosedToArrival()) {
                return reject(Rejection.Reason.CLOSED_TO_ARRIVAL, "Arrival is closed on " + checkIn);
            }
            if (arrival.getMinLos() != null && length < arrival.getMinLos()) {
                return reject(
                        Rejection.Reason.MIN_LENGTH_OF_STAY,
                        "Stays arriving on " + checkIn + " need at least " + arrival.getMinLos() + " nights");
            }
            if (arrival.getMaxLos() != null && length > arrival.getMaxLos()) {
                return reject(
                        Rejection.Reason.MAX_LENGTH_OF_STAY,
                        "Stays arriving on " + checkIn + " may last at most " + arrival.getMaxLos() + " nights");
            }
        }
        if (departure != null && departure.getClosedToDeparture()) {
            return reject(Rejection.Reason.CLOSED_TO_DEPARTURE, "Departure is closed on " + checkOut);
        }
        int allowance = roomType.getOverbookingAllowance();
        for (int i = 0; i < nights.size(); i++) {
            NightInventory night = nights.get(i);
            LocalDate date = checkIn.plusDays(i);
            if (night == null || !night.getFromCatalog()) {
                return reject(Rejection.Reason.NIGHT_NOT_OFFERED, "No inventory is offered on " + date);
            }
            if (night.getStopSell()) {
                return reject(Rejection.Reason.STOP_SELL, "Sales are stopped on " + date);
            }
            if (quantity > night.getAllotment() + allowance) {
                return reject(
                        Rejection.Reason.QUANTITY_EXCEEDS_CAPACITY,
                        "Only " + (night.getAllotment() + allowance) + " rooms exist on " + date);
            }
            if (available(night, allowance) < quantity) {
                return reject(Rejection.Reason.NOT_AVAILABLE, "Not enough rooms left on " + date);
            }
        }
        return Optional.empty();
    }

    /** Checks that only need the request: dates in order, a sane length, a positive quantity. */
    public static Optional<Rejection> checkShape(LocalDate checkIn, LocalDate checkOut, int quantity) {
        if (!checkOut.isAfter(checkIn)) {
            return reject(Rejection.Reason.INVALID_REQUEST, "checkOut must be after checkIn");
        }
        if (ChronoUnit.DAYS.between(checkIn, checkOut) > MAX_STAY_NIGHTS) {
            return reject(Rejection.Reason.INVALID_REQUEST, "A stay may last at most " + MAX_STAY_NIGHTS + " nights");
        }
        if (quantity < 1) {
            return reject(Rejection.Reason.INVALID_REQUEST, "quantity must be at least 1");
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(Rejection.Reason reason, String message) {
        return Optional.of(new Rejection(reason, message));
    }
}
