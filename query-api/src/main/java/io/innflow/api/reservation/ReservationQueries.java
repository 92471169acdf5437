package io.innflow.api.reservation;

import io.innflow.api.query.LocalStores;
import io.innflow.api.query.Lookup;
import io.innflow.api.query.ReadScope;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;

/**
 * Interactive queries over holds, bookings and request results. A guest sees only their own: a hold
 * or booking made by another principal is answered as not found, so its existence is not revealed.
 */
public final class ReservationQueries {

    private final LocalStores stores;

    public ReservationQueries(LocalStores stores) {
        this.stores = stores;
    }

    public Lookup<Hold> hold(ReadScope scope, String hotelId, String holdId, String principal) {
        return stores.read(scope, p -> {
            Hold hold = p.get(StoreNames.HOLDS, StoreKeys.hold(hotelId, holdId));
            return hold == null || !visible(hold.getPrincipal(), principal)
                    ? new Lookup.NotFound<>("HOLD_NOT_FOUND", "No hold " + holdId + " at hotel " + hotelId)
                    : new Lookup.Found<>(hold);
        });
    }

    public Lookup<Booking> booking(ReadScope scope, String hotelId, String bookingId, String principal) {
        return stores.read(scope, p -> {
            Booking booking = p.get(StoreNames.BOOKINGS, StoreKeys.booking(hotelId, bookingId));
            return booking == null || !visible(booking.getPrincipal(), principal)
                    ? new Lookup.NotFound<>("BOOKING_NOT_FOUND", "No booking " + bookingId + " at hotel " + hotelId)
                    : new Lookup.Found<>(booking);
        });
    }

    /**
     * The first result of a request, kept for the idempotency window; only for the principal who sent it,
     * accepted or rejected. Anyone else is told it is unknown.
     */
    public Lookup<ReservationResult> request(ReadScope scope, String hotelId, String requestId, String principal) {
        return stores.read(scope, p -> {
            RequestRecord record = p.get(StoreNames.REQUESTS, StoreKeys.request(hotelId, requestId));
            if (record == null || !readableBy(record, principal)) {
                return new Lookup.NotFound<>(
                        "REQUEST_NOT_FOUND",
                        "No result is known for request " + requestId + " at hotel " + hotelId
                                + ": it may still be in flight (retry shortly, or resend it with the same"
                                + " Idempotency-Key), or it is older than the idempotency window");
            }
            return new Lookup.Found<>(record.getResult());
        });
    }

    /**
     * The sender's, when the record names one; a record stored before senders were kept is judged by the
     * owner of the hold or booking it made (a rejection there made none, so it stays anyone's).
     */
    static boolean readableBy(RequestRecord record, String principal) {
        return record.getPrincipal() != null
                ? record.getPrincipal().equals(principal)
                : visible(record.getResult(), principal);
    }

    private static boolean visible(ReservationResult result, String principal) {
        return (result.getHold() == null || visible(result.getHold().getPrincipal(), principal))
                && (result.getBooking() == null || visible(result.getBooking().getPrincipal(), principal));
    }

    /** Made without a principal: anyone's, like the topology's rule for changing it. */
    private static boolean visible(String owner, String principal) {
        return owner == null || owner.equals(principal);
    }
}
