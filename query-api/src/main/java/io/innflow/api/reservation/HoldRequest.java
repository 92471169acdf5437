package io.innflow.api.reservation;

import io.innflow.api.http.ApiException;
import io.innflow.api.http.Ids;
import io.innflow.schemas.reservation.GuestDetails;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Body of {@code POST /v1/hotels/{hotelId}/holds}.
 *
 * @param roomTypeId the room type to hold
 * @param checkIn first night (ISO date)
 * @param checkOut departure date (ISO date), after checkIn
 * @param quantity rooms, at least 1
 * @param holdSeconds optional time to live, capped by configuration
 * @param guest optional: who is staying (see {@link GuestRequest})
 */
public record HoldRequest(
        String roomTypeId,
        LocalDate checkIn,
        LocalDate checkOut,
        Integer quantity,
        Integer holdSeconds,
        GuestRequest guest) {

    static final int MAX_QUANTITY = 100;
    static final int MAX_NIGHTS = 90;

    /** Checks the body; throws a 400 naming the first problem. */
    public HoldRequest validated() {
        Ids.require("roomTypeId", roomTypeId);
        if (checkIn == null) {
            throw ApiException.badRequest("checkIn is required (ISO date, e.g. 2027-01-15)");
        }
        if (checkOut == null) {
            throw ApiException.badRequest("checkOut is required (ISO date, e.g. 2027-01-17)");
        }
        if (!checkOut.isAfter(checkIn)) {
            throw ApiException.badRequest("checkOut must be after checkIn");
        }
        if (ChronoUnit.DAYS.between(checkIn, checkOut) > MAX_NIGHTS) {
            throw ApiException.badRequest("A stay may last at most " + MAX_NIGHTS + " nights");
        }
        if (quantity == null) {
            throw ApiException.badRequest("quantity is required");
        }
        if (quantity < 1 || quantity > MAX_QUANTITY) {
            throw ApiException.badRequest("quantity must be between 1 and " + MAX_QUANTITY);
        }
        if (holdSeconds != null && holdSeconds < 1) {
            throw ApiException.badRequest("holdSeconds must be positive");
        }
        if (guest != null) {
            guest.validated();
        }
        return this;
    }

    /** The guest details, validated; null when the request gives none. */
    public GuestDetails guestDetails() {
        return guest == null ? null : guest.validated();
    }
}
