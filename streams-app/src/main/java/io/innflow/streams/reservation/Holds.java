package io.innflow.streams.reservation;

import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldExpired;
import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.HoldReleased;
import io.innflow.schemas.reservation.HoldStatus;
import io.innflow.schemas.reservation.NightPrice;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.InventoryLedger;
import io.innflow.streams.inventory.Rejection;
import io.innflow.streams.inventory.Rejection.Reason;
import io.innflow.streams.inventory.SellRules;
import io.innflow.streams.inventory.Stay;
import io.innflow.streams.inventory.StayNights;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import io.innflow.streams.lifecycle.DueTimer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds: placing and releasing them, and expiring them through a time-ordered index
 * ({@code expiresAt|hotelId|holdId}) that the hold expiry scans from its start.
 */
final class Holds {

    private static final Logger LOG = LoggerFactory.getLogger(Holds.class);

    /** Expiry runs are at least this far apart: a hold ends within this of its {@code expiresAt}. */
    static final Duration EXPIRY_INTERVAL = Duration.ofMillis(250);

    private final KeyValueStore<String, Hold> holds;
    private final KeyValueStore<String, String> holdExpiry;
    private final InventoryLedger ledger;
    private final ReservationEmitter emit;
    private final HoldQuota quota;
    private final Duration defaultTtl;
    private final Duration maxTtl;
    private final DueTimer expiry;

    /**
     * @param expirePerRun the most holds one expiry run ends: after an outage the backlog is spread over
     *     several runs, so no transaction outlasts the poll interval
     */
    Holds(
            ProcessorContext<?, ?> context,
            InventoryLedger ledger,
            ReservationEmitter emit,
            HoldQuota quota,
            Duration defaultTtl,
            Duration maxTtl,
            int expirePerRun) {
        this.holds = context.getStateStore(StoreNames.HOLDS);
        this.holdExpiry = context.getStateStore(StoreNames.HOLD_EXPIRY);
        this.ledger = ledger;
        this.emit = emit;
        this.quota = quota;
        this.defaultTtl = defaultTtl;
        this.maxTtl = maxTtl;
        // Wall-clock: a hold must expire on time even when no record arrives for its hotel.
        this.expiry = new DueTimer(context, EXPIRY_INTERVAL, now -> expireHolds(now, expirePerRun));
        expiry.runSoon();
    }

    ReservationResult place(Command c, PlaceHold request) {
        Stay stay = new Stay(
                c.hotelId(),
                request.getRoomTypeId(),
                request.getCheckIn(),
                request.getCheckOut(),
                request.getQuantity());
        Rejection shape = SellRules.checkShape(stay).orElse(null);
        if (shape != null) {
            return Results.rejected(c, shape);
        }
        StayNights read = ledger.read(stay);
        Rejection rejection = SellRules.checkStay(read).orElse(null);
        if (rejection == null) {
            rejection = GuestRules.checkParty(request.getGuest(), read.roomType(), stay.quantity());
        }
        if (rejection == null) {
            rejection = quota.check(c.principal(), stay);
        }
        if (rejection != null) {
            return Results.rejected(c, rejection);
        }
        List<NightPrice> prices = read.prices();
        ledger.hold(read, c.now(), emit.availability(c.record()));
        Hold placed = Hold.newBuilder()
                .setHoldId(DerivedIds.derive(c.hotelId(), "hold", c.source()))
                .setHotelId(c.hotelId())
                .setRoomTypeId(stay.roomTypeId())
                .setCheckIn(stay.checkIn())
                .setCheckOut(stay.checkOut())
                .setQuantity(stay.quantity())
                .setNights(prices)
                .setTotalMinor(DerivedIds.total(prices, stay.quantity()))
                .setCurrency(read.hotel().getCurrency())
                .setStatus(HoldStatus.ACTIVE)
                .setRequestId(c.requestId())
                .setPrincipal(c.principal())
                .setGuest(request.getGuest())
                .setCreatedAt(c.now())
                .setExpiresAt(c.now().plus(ttl(request.getHoldSeconds())))
                .build();
        holds.put(StoreKeys.hold(c.hotelId(), placed.getHoldId()), placed);
        holdExpiry.put(expiryKey(placed), placed.getHoldId());
        expiry.dueAt(placed.getExpiresAt().toEpochMilli());
        quota.placed(placed);
        emit.event(c.record(), c.hotelId(), c.now(), new HoldPlaced(placed));
        return Results.accepted(c).setHold(placed).build();
    }

    ReservationResult release(Command c, ReleaseHold release) {
        Hold hold = find(c, release.getHoldId());
        Rejection rejection = checkAccess(c, hold, release.getHoldId());
        if (rejection != null) {
            return Results.rejected(c, rejection);
        }
        if (hold.getStatus() == HoldStatus.RELEASED) {
            return Results.accepted(c).setHold(hold).build(); // already let go: nothing to do
        }
        if (hold.getStatus() != HoldStatus.ACTIVE) {
            return Results.rejected(c, Reason.HOLD_NOT_ACTIVE, "The hold is " + hold.getStatus());
        }
        Hold released = end(c.record(), hold, HoldStatus.RELEASED, c.now());
        return Results.accepted(c).setHold(released).build();
    }

    Hold find(Command c, String holdId) {
        return holds.get(StoreKeys.hold(c.hotelId(), holdId));
    }

    /** Null when {@code c} may act on the hold; otherwise why not. */
    static Rejection checkAccess(Command c, Hold hold, String holdId) {
        if (hold == null) {
            return new Rejection(Reason.HOLD_NOT_FOUND, "No hold " + holdId + " at this hotel");
        }
        if (!c.isOwnedBy(hold.getPrincipal())) {
            return new Rejection(Reason.FORBIDDEN, "This hold belongs to someone else");
        }
        return null;
    }

    /**
     * Frees an active hold's nights and records its end ({@code RELEASED} or {@code EXPIRED}); emits
     * HoldReleased or HoldExpired.
     */
    Hold end(Record<?, ?> cause, Hold hold, HoldStatus end, Instant now) {
        ledger.release(ledger.read(stayOf(hold)), now, emit.availability(cause));
        Hold ended = Hold.newBuilder(hold).setStatus(end).setUpdatedAt(now).build();
        holds.put(StoreKeys.hold(hold.getHotelId(), hold.getHoldId()), ended);
        holdExpiry.delete(expiryKey(hold));
        quota.ended(hold);
        emit.event(
                cause,
                hold.getHotelId(),
                now,
                end == HoldStatus.EXPIRED ? new HoldExpired(ended) : new HoldReleased(ended));
        return ended;
    }

    /** Turns an active hold's rooms from held to sold; the booking is the caller's to record. */
    Hold confirm(Command c, Hold hold) {
        ledger.confirm(ledger.read(stayOf(hold)), c.now(), emit.availability(c.record()));
        Hold confirmed = Hold.newBuilder(hold)
                .setStatus(HoldStatus.CONFIRMED)
                .setUpdatedAt(c.now())
                .build();
        holds.put(StoreKeys.hold(c.hotelId(), hold.getHoldId()), confirmed);
        holdExpiry.delete(expiryKey(hold));
        quota.ended(hold);
        return confirmed;
    }

    /** Records an expired hold as confirmed; the caller has already sold its nights again. */
    Hold markConfirmed(Command c, Hold hold) {
        Hold confirmed = Hold.newBuilder(hold)
                .setStatus(HoldStatus.CONFIRMED)
                .setUpdatedAt(c.now())
                .build();
        holds.put(StoreKeys.hold(c.hotelId(), hold.getHoldId()), confirmed);
        return confirmed;
    }

    /**
     * Run by the expiry timer, on wall-clock time, not stream time: a hold must expire on time even when no
     * command arrives for its hotel. Scans only the expired prefix of the time-ordered index, and
     * expires at most {@code maxPerRun} holds, earliest {@code expiresAt} first: after an outage the
     * backlog is spread over several runs, so no transaction outlasts the poll interval.
     *
     * @return the epoch millis of the next expiry in the index (the first entry after the due prefix, read
     *     by the same scan), {@code wallClockMs} when this run stopped at its bound, or
     *     {@link DueTimer#NOTHING_DUE}
     */
    long expireHolds(long wallClockMs, int maxPerRun) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        String upTo = StoreKeys.timeIndexUpTo(now);
        List<String> expired = new ArrayList<>();
        long next = DueTimer.NOTHING_DUE;
        try (KeyValueIterator<String, String> it = holdExpiry.all()) {
            while (it.hasNext()) {
                if (expired.size() == maxPerRun) {
                    next = wallClockMs;
                    break;
                }
                String key = it.next().key;
                if (key.compareTo(upTo) > 0) {
                    next = StoreKeys.timeIndexMillis(key);
                    break;
                }
                expired.add(key);
            }
        }
        Record<String, SpecificRecord> cause = new Record<>("", null, wallClockMs);
        for (String key : expired) {
            String[] parts = key.split("\\|", 3);
            Hold hold = holds.get(StoreKeys.hold(parts[1], parts[2]));
            if (hold != null && hold.getStatus() == HoldStatus.ACTIVE) {
                end(cause, hold, HoldStatus.EXPIRED, now);
            } else {
                holdExpiry.delete(key);
            }
        }
        if (expired.size() == maxPerRun) {
            LOG.info("Expired {} holds, the most one run may; the rest wait for the next run", maxPerRun);
        } else if (!expired.isEmpty()) {
            LOG.debug("Expired {} holds", expired.size());
        }
        return next;
    }

    static Stay stayOf(Hold hold) {
        return new Stay(
                hold.getHotelId(), hold.getRoomTypeId(), hold.getCheckIn(), hold.getCheckOut(), hold.getQuantity());
    }

    private Duration ttl(Integer requestedSeconds) {
        if (requestedSeconds == null || requestedSeconds <= 0) {
            return defaultTtl;
        }
        Duration requested = Duration.ofSeconds(requestedSeconds);
        return requested.compareTo(maxTtl) > 0 ? maxTtl : requested;
    }

    private static String expiryKey(Hold hold) {
        return StoreKeys.timeIndex(hold.getExpiresAt(), hold.getHotelId(), hold.getHoldId());
    }
}
