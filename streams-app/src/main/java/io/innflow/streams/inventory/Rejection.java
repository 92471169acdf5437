package io.innflow.streams.inventory;

/**
 * Why a stay cannot be sold. A business rejection is a result, not an exception.
 *
 * @param reason a stable reason code clients can branch on
 * @param message a sentence for humans
 */
public record Rejection(Reason reason, String message) {

    /** Reason codes; documented in docs/api.md. */
    public enum Reason {
        INVALID_REQUEST,
        IDEMPOTENCY_CONFLICT,
        HOTEL_NOT_FOUND,
        ROOM_TYPE_NOT_FOUND,
        NIGHT_NOT_OFFERED,
        QUANTITY_EXCEEDS_CAPACITY,
        NOT_AVAILABLE,
        STOP_SELL,
        MIN_LENGTH_OF_STAY,
        MAX_LENGTH_OF_STAY,
        CLOSED_TO_ARRIVAL,
        CLOSED_TO_DEPARTURE,
        HOLD_NOT_FOUND,
        HOLD_EXPIRED,
        HOLD_NOT_ACTIVE,
        PAYMENT_DECLINED,
        BOOKING_NOT_FOUND,
        CANCELLATION_CLOSED,
        INVALID_TRANSITION,
        FORBIDDEN,
        /** The guest already holds as many room-nights at this hotel as one guest may. */
        HOLD_LIMIT,
        /** The stay's check-in date is before today in the hotel's time zone. */
        CHECK_IN_PAST,
        /**
         * The command is older than the idempotency window (a replay after an offset reset): its request
         * may have been forgotten, so it is never applied.
         */
        REQUEST_EXPIRED,
        /** The party (adults and children) does not fit: more than the room type's capacity times the rooms. */
        PARTY_TOO_LARGE,
        /** A booking needs guest details: the confirm gave none and neither did the hold. */
        GUEST_REQUIRED,
        /** The booking is cancelled, checked out or a no-show: its guest details are no longer corrected. */
        BOOKING_NOT_ACTIVE,
        /**
         * A change of the hotel's catalog that could concern this stay could not be read: no new sale until
         * the row is changed again (docs/reliability.md).
         */
        CATALOG_INCOMPLETE
    }
}
