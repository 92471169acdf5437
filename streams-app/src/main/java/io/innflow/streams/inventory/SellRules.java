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
     * Checks a stay against the catalog and the counters, all nights or none, for readers that
     * assembled the nights themselves (search reads them as a range over its partitions).
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
        Stay stay = new Stay(
                hotel == null ? null : hotel.getHotelId(),
                roomType == null ? null : roomType.getRoomTypeId(),
                checkIn,
                checkOut,
                quantity);
        return checkStay(new StayNights(stay, hotel, roomType, nights, departure));
    }

    /** Checks a stay against the catalog and the counters read for it, all nights or none. */
    public static Optional<Rejection> checkStay(StayNights read) {
        Stay stay = read.stay();
        Optional<Rejection> shape = checkShape(stay);
        if (shape.isPresent()) {
            return shape;
        }
        HotelInfo hotel = read.hotel();
        RoomTypeInfo roomType = read.roomType();
        if (hotel == null || !"APPROVED".equals(hotel.getStatus())) {
            return reject(Rejection.Reason.HOTEL_NOT_FOUND, "Hotel is unknown or not bookable");
        }
        if (roomType == null || !roomType.getActive()) {
            return reject(Rejection.Reason.ROOM_TYPE_NOT_FOUND, "Room type is unknown or inactive");
        }
        Optional<Rejection> restriction = checkRestrictions(read);
        if (restriction.isPresent()) {
            return restriction;
        }
        int allowance = roomType.getOverbookingAllowance();
        for (int i = 0; i < read.nights().size(); i++) {
            NightInventory night = read.nights().get(i);
            LocalDate date = stay.checkIn().plusDays(i);
            if (night == null || !night.getFromCatalog()) {
                return reject(Rejection.Reason.NIGHT_NOT_OFFERED, "No inventory is offered on " + date);
            }
            if (night.getStopSell()) {
                return reject(Rejection.Reason.STOP_SELL, "Sales are stopped on " + date);
            }
            if (stay.quantity() > night.getAllotment() + allowance) {
                return reject(
                        Rejection.Reason.QUANTITY_EXCEEDS_CAPACITY,
                        "Only " + (night.getAllotment() + allowance) + " rooms exist on " + date);
            }
            if (available(night, allowance) < stay.quantity()) {
                return reject(Rejection.Reason.NOT_AVAILABLE, "Not enough rooms left on " + date);
            }
        }
        return Optional.empty();
    }

    /** The arrival night's restrictions (closed to arrival, length of stay) and the departure's. */
    private static Optional<Rejection> checkRestrictions(StayNights read) {
        Stay stay = read.stay();
        NightInventory arrival = read.arrival();
        if (arrival != null) {
            if (arrival.getClosedToArrival()) {
                return reject(Rejection.Reason.CLOSED_TO_ARRIVAL, "Arrival is closed on " + stay.checkIn());
            }
            if (arrival.getMinLos() != null && stay.length() < arrival.getMinLos()) {
                return reject(
                        Rejection.Reason.MIN_LENGTH_OF_STAY,
                        "Stays arriving on " + stay.checkIn() + " need at least " + arrival.getMinLos() + " nights");
            }
            if (arrival.getMaxLos() != null && stay.length() > arrival.getMaxLos()) {
                return reject(
                        Rejection.Reason.MAX_LENGTH_OF_STAY,
                        "Stays arriving on " + stay.checkIn() + " may last at most " + arrival.getMaxLos() + " nights");
            }
        }
        NightInventory departure = read.departure();
        if (departure != null && departure.getClosedToDeparture()) {
            return reject(Rejection.Reason.CLOSED_TO_DEPARTURE, "Departure is closed on " + stay.checkOut());
        }
        return Optional.empty();
    }

    /** Checks that only need the request: dates in order, a sane length, a positive quantity. */
    public static Optional<Rejection> checkShape(Stay stay) {
        return checkShape(stay.checkIn(), stay.checkOut(), stay.quantity());
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
