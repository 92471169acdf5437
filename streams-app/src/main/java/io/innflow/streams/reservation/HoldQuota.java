package io.innflow.streams.reservation;

import io.innflow.schemas.reservation.Hold;
import io.innflow.streams.inventory.Rejection;
import io.innflow.streams.inventory.Rejection.Reason;
import io.innflow.streams.inventory.Stay;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Bounds what one guest holds at once at one hotel, so a script cannot take a hotel off sale by
 * holding and re-holding: a new hold is refused ({@code HOLD_LIMIT}) when the guest's active holds
 * there would exceed the bound in room-nights (rooms × nights).
 *
 * <p>Counts live in {@value StoreNames#HOLD_QUOTA} ({@code hotelId|principal} → active room-nights),
 * kept exact by every transition that starts or ends an active hold (place; release, expiry,
 * confirmation), so a check reads one key instead of scanning the hotel's holds. Holds without a
 * principal, or of the shared {@value #ANONYMOUS} principal, are not one guest's and are not bounded.
 */
final class HoldQuota {

    /** The principal every unauthenticated guest shares; it is no single guest. */
    static final String ANONYMOUS = "anonymous";

    private final KeyValueStore<String, Integer> counts;
    private final int maxRoomNights;

    HoldQuota(ProcessorContext<?, ?> context, int maxRoomNights) {
        this.counts = context.getStateStore(StoreNames.HOLD_QUOTA);
        this.maxRoomNights = maxRoomNights;
    }

    /** Null when {@code principal} may also hold {@code stay}; otherwise why not. */
    Rejection check(String principal, Stay stay) {
        if (!bounded(principal)) {
            return null;
        }
        int held = held(stay.hotelId(), principal);
        int asked = roomNights(stay);
        if (held + asked <= maxRoomNights) {
            return null;
        }
        return new Rejection(
                Reason.HOLD_LIMIT,
                "This hold of " + asked + " room-nights would bring your active holds at this hotel to "
                        + (held + asked) + "; at most " + maxRoomNights
                        + " may be held at once: confirm or release a hold first");
    }

    /** Counts a newly placed active hold. */
    void placed(Hold hold) {
        add(hold, roomNights(Holds.stayOf(hold)));
    }

    /** Uncounts an active hold that was released, expired or confirmed. */
    void ended(Hold hold) {
        add(hold, -roomNights(Holds.stayOf(hold)));
    }

    private void add(Hold hold, int delta) {
        String principal = hold.getPrincipal();
        if (!bounded(principal)) {
            return;
        }
        String key = key(hold.getHotelId(), principal);
        int now = held(hold.getHotelId(), principal) + delta;
        // Below zero only for holds placed before the bound existed: they were never counted.
        if (now <= 0) {
            counts.delete(key);
        } else {
            counts.put(key, now);
        }
    }

    private int held(String hotelId, String principal) {
        Integer held = counts.get(key(hotelId, principal));
        return held == null ? 0 : held;
    }

    private boolean bounded(String principal) {
        return maxRoomNights > 0 && principal != null && !ANONYMOUS.equals(principal);
    }

    static int roomNights(Stay stay) {
        return (int) ChronoUnit.DAYS.between(stay.checkIn(), stay.checkOut()) * stay.quantity();
    }

    private static String key(String hotelId, String principal) {
        return hotelId + StoreKeys.SEPARATOR + principal;
    }
}
