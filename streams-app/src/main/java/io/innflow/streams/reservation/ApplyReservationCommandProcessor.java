package io.innflow.streams.reservation;

import io.innflow.schemas.catalog.HotelInfo;
import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.inventory.NightInventory;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingCancelled;
import io.innflow.schemas.reservation.BookingCheckedIn;
import io.innflow.schemas.reservation.BookingCheckedOut;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.BookingNoShow;
import io.innflow.schemas.reservation.BookingStatus;
import io.innflow.schemas.reservation.CancelBooking;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.FrontDeskTransition;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldExpired;
import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.HoldReleased;
import io.innflow.schemas.reservation.HoldStatus;
import io.innflow.schemas.reservation.NightPrice;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.RequestRecord;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.InventoryLedger;
import io.innflow.streams.inventory.Rejection;
import io.innflow.streams.inventory.Rejection.Reason;
import io.innflow.streams.inventory.SellRules;
import io.innflow.streams.inventory.StoreKeys;
import io.innflow.streams.inventory.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and applies reservation commands for the hotels this task owns: holds, releases,
 * confirmations, direct bookings, cancellations and front-desk transitions (see docs/lifecycle.md).
 * Each command's store writes, its result (keyed by reply address), its events (keyed by hotel) and
 * the changed nights' availability leave in one exactly-once transaction.
 *
 * <p>Two wall-clock punctuators: {@link #expireHolds} releases holds within a fraction of a second
 * of their expiry, even when no record arrives (stream time would stand still on a quiet hotel);
 * {@link #forgetRequests} ends the idempotency window of old request ids.
 */
public final class ApplyReservationCommandProcessor
        implements Processor<String, ReservationCommand, String, SpecificRecord> {

    /** The mock payment token that is always declined. */
    public static final String DECLINED_TOKEN = "tok_decline";

    static final Duration EXPIRY_INTERVAL = Duration.ofMillis(250);
    static final Duration FORGET_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(ApplyReservationCommandProcessor.class);

    private final Duration defaultHoldTtl;
    private final Duration maxHoldTtl;
    private final Duration idempotencyRetention;

    private ProcessorContext<String, SpecificRecord> context;
    private InventoryLedger ledger;
    private KeyValueStore<String, Hold> holds;
    private KeyValueStore<String, Booking> bookings;
    private KeyValueStore<String, RequestRecord> requests;
    private KeyValueStore<String, String> holdExpiry;
    private KeyValueStore<String, String> requestExpiry;

    public ApplyReservationCommandProcessor(
            Duration defaultHoldTtl, Duration maxHoldTtl, Duration idempotencyRetention) {
        this.defaultHoldTtl = defaultHoldTtl;
        this.maxHoldTtl = maxHoldTtl;
        this.idempotencyRetention = idempotencyRetention;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        ledger = new InventoryLedger(context);
        holds = context.getStateStore(StoreNames.HOLDS);
        bookings = context.getStateStore(StoreNames.BOOKINGS);
        requests = context.getStateStore(StoreNames.REQUESTS);
        holdExpiry = context.getStateStore(StoreNames.HOLD_EXPIRY);
        requestExpiry = context.getStateStore(StoreNames.REQUEST_EXPIRY);
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::expireHolds);
        context.schedule(FORGET_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::forgetRequests);
    }

    @Override
    public void process(Record<String, ReservationCommand> record) {
        ReservationCommand command = record.value();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        String requestKey = StoreKeys.request(command.getHotelId(), command.getRequestId());
        RequestRecord earlier = requests.get(requestKey);
        if (earlier != null) {
            replay(record, command, earlier, now);
            return;
        }
        Command cmd = new Command(record, command, now, position());
        ReservationResult result = apply(cmd);
        result.setPosition(cmd.position());
        requests.put(requestKey, new RequestRecord(command.getFingerprint(), result, now));
        requestExpiry.put(StoreKeys.timeIndex(now, command.getHotelId(), command.getRequestId()), requestKey);
        context.forward(record.withKey(command.getReplyTo()).withValue(result));
    }

    /** One command being applied, with what every step needs. */
    private record Command(
            Record<String, ReservationCommand> record, ReservationCommand envelope, Instant now, String position) {
        String hotelId() {
            return envelope.getHotelId();
        }

        /**
         * What new ids derive from: the request id and the command's place in its topic. Unique even
         * when a request id is used again after the idempotency window, and the same when a command
         * is processed again after a crash, so the ids in committed state never collide.
         */
        String source() {
            return envelope.getRequestId() + "@" + position;
        }
    }

    private ReservationResult apply(Command c) {
        Object body = c.envelope().getCommand();
        if (body instanceof PlaceHold placeHold) {
            return placeHold(c, placeHold);
        }
        if (body instanceof ReleaseHold release) {
            return releaseHold(c, release);
        }
        if (body instanceof ConfirmBooking confirm) {
            return confirmBooking(c, confirm);
        }
        if (body instanceof BookDirect direct) {
            return bookDirect(c, direct);
        }
        if (body instanceof CancelBooking cancel) {
            return cancelBooking(c, cancel);
        }
        if (body instanceof FrontDeskTransition transition) {
            return frontDesk(c, transition);
        }
        return rejected(c, Reason.INVALID_REQUEST, "Unknown command " + body);
    }

    /** A repeated request id: the first result again, or a conflict if the body differs. */
    private void replay(
            Record<String, ReservationCommand> record, ReservationCommand command, RequestRecord earlier, Instant now) {
        ReservationResult answer = earlier.getFingerprint().equals(command.getFingerprint())
                ? earlier.getResult()
                : rejected(
                        new Command(record, command, now, null),
                        Reason.IDEMPOTENCY_CONFLICT,
                        "This Idempotency-Key was already used for a different request");
        context.forward(record.withKey(command.getReplyTo()).withValue(answer));
    }

    // ---- holds

    private ReservationResult placeHold(Command c, PlaceHold hold) {
        Stay stay = new Stay(hold.getRoomTypeId(), hold.getCheckIn(), hold.getCheckOut(), hold.getQuantity());
        Rejection rejection = checkStay(c.hotelId(), stay);
        if (rejection != null) {
            return rejected(c, rejection);
        }
        List<NightPrice> prices = prices(c.hotelId(), stay);
        adjust(c, stay, stay.quantity(), 0);
        Hold placed = Hold.newBuilder()
                .setHoldId(derivedId(c.hotelId(), "hold", c.source()))
                .setHotelId(c.hotelId())
                .setRoomTypeId(stay.roomTypeId())
                .setCheckIn(stay.checkIn())
                .setCheckOut(stay.checkOut())
                .setQuantity(stay.quantity())
                .setNights(prices)
                .setTotalMinor(total(prices, stay.quantity()))
                .setCurrency(ledger.hotel(c.hotelId()).getCurrency())
                .setStatus(HoldStatus.ACTIVE)
                .setRequestId(c.envelope().getRequestId())
                .setPrincipal(c.envelope().getPrincipal())
                .setCreatedAt(c.now())
                .setExpiresAt(c.now().plus(ttl(hold.getHoldSeconds())))
                .build();
        holds.put(StoreKeys.hold(c.hotelId(), placed.getHoldId()), placed);
        holdExpiry.put(expiryKey(placed), placed.getHoldId());
        event(c.record(), c.hotelId(), c.now(), new HoldPlaced(placed));
        return accepted(c).setHold(placed).build();
    }

    private ReservationResult releaseHold(Command c, ReleaseHold release) {
        Hold hold = holds.get(StoreKeys.hold(c.hotelId(), release.getHoldId()));
        Rejection rejection = checkHoldAccess(c, hold, release.getHoldId());
        if (rejection != null) {
            return rejected(c, rejection);
        }
        if (hold.getStatus() == HoldStatus.RELEASED) {
            return accepted(c).setHold(hold).build(); // already let go: nothing to do
        }
        if (hold.getStatus() != HoldStatus.ACTIVE) {
            return rejected(c, Reason.HOLD_NOT_ACTIVE, "The hold is " + hold.getStatus());
        }
        Hold released = endHold(c.record(), hold, HoldStatus.RELEASED, c.now());
        return accepted(c).setHold(released).build();
    }

    /** Frees an active hold's nights and records its end; emits HoldReleased or HoldExpired. */
    private Hold endHold(Record<?, ?> cause, Hold hold, HoldStatus end, Instant now) {
        ledger.adjust(
                hold.getHotelId(),
                hold.getRoomTypeId(),
                hold.getCheckIn(),
                hold.getCheckOut(),
                -hold.getQuantity(),
                0,
                now,
                (key, update) -> context.forward(cause.withKey(key).withValue(update)));
        Hold ended = Hold.newBuilder(hold).setStatus(end).setUpdatedAt(now).build();
        holds.put(StoreKeys.hold(hold.getHotelId(), hold.getHoldId()), ended);
        holdExpiry.delete(expiryKey(hold));
        event(
                cause,
                hold.getHotelId(),
                now,
                end == HoldStatus.EXPIRED ? new HoldExpired(ended) : new HoldReleased(ended));
        return ended;
    }

    /**
     * Wall-clock, not stream-time: a hold must expire on time even when no command arrives for its
     * hotel. Scans only the expired prefix of the time-ordered index.
     */
    void expireHolds(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        String upTo = StoreKeys.timeIndexUpTo(now);
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, String> it = holdExpiry.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                if (key.compareTo(upTo) > 0) {
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
                endHold(cause, hold, HoldStatus.EXPIRED, now);
            } else {
                holdExpiry.delete(key);
            }
        }
        if (!expired.isEmpty()) {
            LOG.debug("Expired {} holds", expired.size());
        }
    }

    /** Wall-clock: the idempotency window is a duration of real time. */
    void forgetRequests(long wallClockMs) {
        String upTo = StoreKeys.timeIndexUpTo(Instant.ofEpochMilli(wallClockMs).minus(idempotencyRetention));
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, String> it = requestExpiry.all()) {
            while (it.hasNext()) {
                var entry = it.next();
                if (entry.key.compareTo(upTo) > 0) {
                    break;
                }
                old.add(entry.key);
                requests.delete(entry.value);
            }
        }
        old.forEach(requestExpiry::delete);
    }

    // ---- bookings

    private ReservationResult confirmBooking(Command c, ConfirmBooking confirm) {
        Hold hold = holds.get(StoreKeys.hold(c.hotelId(), confirm.getHoldId()));
        Rejection rejection = checkHoldAccess(c, hold, confirm.getHoldId());
        if (rejection != null) {
            return rejected(c, rejection);
        }
        String bookingId = derivedId(c.hotelId(), "booking", hold.getHoldId());
        if (hold.getStatus() == HoldStatus.CONFIRMED) {
            Booking booking = bookings.get(StoreKeys.booking(c.hotelId(), bookingId));
            return accepted(c).setHold(hold).setBooking(booking).build(); // confirmed before
        }
        if (hold.getStatus() == HoldStatus.ACTIVE && !hold.getExpiresAt().isAfter(c.now())) {
            hold = endHold(c.record(), hold, HoldStatus.EXPIRED, c.now()); // due; the punctuator had not run yet
        }
        if (hold.getStatus() == HoldStatus.EXPIRED) {
            return rejected(c, Reason.HOLD_EXPIRED, "The hold expired at " + hold.getExpiresAt());
        }
        if (hold.getStatus() != HoldStatus.ACTIVE) {
            return rejected(c, Reason.HOLD_NOT_ACTIVE, "The hold is " + hold.getStatus());
        }
        if (DECLINED_TOKEN.equals(confirm.getPaymentToken())) {
            return rejected(c, Reason.PAYMENT_DECLINED, "The payment was declined; the hold is kept until it expires");
        }
        Stay stay = new Stay(hold.getRoomTypeId(), hold.getCheckIn(), hold.getCheckOut(), hold.getQuantity());
        adjust(c, stay, -hold.getQuantity(), hold.getQuantity());
        Hold confirmed = Hold.newBuilder(hold)
                .setStatus(HoldStatus.CONFIRMED)
                .setUpdatedAt(c.now())
                .build();
        holds.put(StoreKeys.hold(c.hotelId(), hold.getHoldId()), confirmed);
        holdExpiry.delete(expiryKey(hold));
        Booking booking = newBooking(c, bookingId, stay, hold.getNights(), hold.getCurrency(), hold.getHoldId());
        return accepted(c).setHold(confirmed).setBooking(booking).build();
    }

    private ReservationResult bookDirect(Command c, BookDirect direct) {
        Stay stay = new Stay(direct.getRoomTypeId(), direct.getCheckIn(), direct.getCheckOut(), direct.getQuantity());
        Rejection rejection = checkStay(c.hotelId(), stay);
        if (rejection != null) {
            return rejected(c, rejection);
        }
        if (DECLINED_TOKEN.equals(direct.getPaymentToken())) {
            return rejected(c, Reason.PAYMENT_DECLINED, "The payment was declined; nothing was booked");
        }
        List<NightPrice> prices = prices(c.hotelId(), stay);
        adjust(c, stay, 0, stay.quantity());
        String bookingId = derivedId(c.hotelId(), "booking", c.source());
        Booking booking =
                newBooking(c, bookingId, stay, prices, ledger.hotel(c.hotelId()).getCurrency(), null);
        return accepted(c).setBooking(booking).build();
    }

    private Booking newBooking(
            Command c, String bookingId, Stay stay, List<NightPrice> prices, String currency, String holdId) {
        Booking booking = Booking.newBuilder()
                .setBookingId(bookingId)
                .setHotelId(c.hotelId())
                .setRoomTypeId(stay.roomTypeId())
                .setCheckIn(stay.checkIn())
                .setCheckOut(stay.checkOut())
                .setQuantity(stay.quantity())
                .setNights(prices)
                .setTotalMinor(total(prices, stay.quantity()))
                .setCurrency(currency)
                .setStatus(BookingStatus.CONFIRMED)
                .setHoldId(holdId)
                .setRequestId(c.envelope().getRequestId())
                .setPrincipal(c.envelope().getPrincipal())
                .setPaymentReference(
                        "pay_" + derivedId(c.hotelId(), "payment", c.source()).substring(0, 18))
                .setCreatedAt(c.now())
                .setUpdatedAt(c.now())
                .build();
        bookings.put(StoreKeys.booking(c.hotelId(), bookingId), booking);
        event(c.record(), c.hotelId(), c.now(), new BookingConfirmed(booking));
        return booking;
    }

    private ReservationResult cancelBooking(Command c, CancelBooking cancel) {
        Booking booking = bookings.get(StoreKeys.booking(c.hotelId(), cancel.getBookingId()));
        if (booking == null) {
            return rejected(c, Reason.BOOKING_NOT_FOUND, "No booking " + cancel.getBookingId() + " at this hotel");
        }
        if (!ownedBy(booking.getPrincipal(), c)) {
            return rejected(c, Reason.FORBIDDEN, "This booking belongs to someone else");
        }
        if (booking.getStatus() == BookingStatus.CANCELLED) {
            return accepted(c).setBooking(booking).build(); // cancelling twice changes nothing
        }
        if (booking.getStatus() != BookingStatus.CONFIRMED) {
            return rejected(
                    c, Reason.CANCELLATION_CLOSED, "A booking that is " + booking.getStatus() + " cannot be cancelled");
        }
        LocalDate today = LocalDate.ofInstant(c.now(), zoneOf(c.hotelId()));
        if (!today.isBefore(booking.getCheckIn())) {
            return rejected(
                    c, Reason.CANCELLATION_CLOSED, "Cancellation closed on the check-in date " + booking.getCheckIn());
        }
        Stay stay =
                new Stay(booking.getRoomTypeId(), booking.getCheckIn(), booking.getCheckOut(), booking.getQuantity());
        adjust(c, stay, 0, -booking.getQuantity());
        Booking cancelled = Booking.newBuilder(booking)
                .setStatus(BookingStatus.CANCELLED)
                .setUpdatedAt(c.now())
                .build();
        bookings.put(StoreKeys.booking(c.hotelId(), booking.getBookingId()), cancelled);
        event(c.record(), c.hotelId(), c.now(), new BookingCancelled(cancelled));
        return accepted(c).setBooking(cancelled).build();
    }

    /** Check-in, check-out and no-show, sent by the partner's front desk; the nights stay sold. */
    private ReservationResult frontDesk(Command c, FrontDeskTransition transition) {
        Booking booking = bookings.get(StoreKeys.booking(c.hotelId(), transition.getBookingId()));
        if (booking == null) {
            return rejected(c, Reason.BOOKING_NOT_FOUND, "No booking " + transition.getBookingId() + " at this hotel");
        }
        BookingStatus from = booking.getStatus();
        BookingStatus to =
                switch (transition.getAction()) {
                    case CHECK_IN -> from == BookingStatus.CONFIRMED ? BookingStatus.CHECKED_IN : null;
                    case CHECK_OUT -> from == BookingStatus.CHECKED_IN ? BookingStatus.CHECKED_OUT : null;
                    case NO_SHOW -> from == BookingStatus.CONFIRMED ? BookingStatus.NO_SHOW : null;
                };
        if (to == null) {
            return rejected(c, Reason.INVALID_TRANSITION, transition.getAction() + " is not possible from " + from);
        }
        Booking moved =
                Booking.newBuilder(booking).setStatus(to).setUpdatedAt(c.now()).build();
        bookings.put(StoreKeys.booking(c.hotelId(), booking.getBookingId()), moved);
        SpecificRecord payload =
                switch (to) {
                    case CHECKED_IN -> new BookingCheckedIn(moved);
                    case CHECKED_OUT -> new BookingCheckedOut(moved);
                    default -> new BookingNoShow(moved);
                };
        event(c.record(), c.hotelId(), c.now(), payload);
        return accepted(c).setBooking(moved).build();
    }

    // ---- shared steps

    private record Stay(String roomTypeId, LocalDate checkIn, LocalDate checkOut, int quantity) {}

    private Rejection checkStay(String hotelId, Stay stay) {
        Rejection shape = SellRules.checkShape(stay.checkIn(), stay.checkOut(), stay.quantity())
                .orElse(null);
        if (shape != null) {
            return shape;
        }
        HotelInfo hotel = ledger.hotel(hotelId);
        RoomTypeInfo roomType = ledger.roomType(hotelId, stay.roomTypeId());
        List<NightInventory> nights = ledger.stay(hotelId, stay.roomTypeId(), stay.checkIn(), stay.checkOut());
        NightInventory departure = ledger.night(hotelId, stay.roomTypeId(), stay.checkOut());
        return SellRules.checkStay(hotel, roomType, stay.checkIn(), stay.checkOut(), stay.quantity(), nights, departure)
                .orElse(null);
    }

    private Rejection checkHoldAccess(Command c, Hold hold, String holdId) {
        if (hold == null) {
            return new Rejection(Reason.HOLD_NOT_FOUND, "No hold " + holdId + " at this hotel");
        }
        if (!ownedBy(hold.getPrincipal(), c)) {
            return new Rejection(Reason.FORBIDDEN, "This hold belongs to someone else");
        }
        return null;
    }

    /** A hold or booking is its principal's; one made without a principal is anyone's. */
    private static boolean ownedBy(String owner, Command c) {
        return owner == null || Objects.equals(owner, c.envelope().getPrincipal());
    }

    private List<NightPrice> prices(String hotelId, Stay stay) {
        List<NightPrice> prices = new ArrayList<>();
        List<NightInventory> nights = ledger.stay(hotelId, stay.roomTypeId(), stay.checkIn(), stay.checkOut());
        for (int i = 0; i < nights.size(); i++) {
            prices.add(new NightPrice(stay.checkIn().plusDays(i), nights.get(i).getPriceMinor()));
        }
        return prices;
    }

    private static long total(List<NightPrice> prices, int quantity) {
        return prices.stream().mapToLong(NightPrice::getPriceMinor).sum() * quantity;
    }

    private void adjust(Command c, Stay stay, int heldDelta, int soldDelta) {
        ledger.adjust(
                c.hotelId(),
                stay.roomTypeId(),
                stay.checkIn(),
                stay.checkOut(),
                heldDelta,
                soldDelta,
                c.now(),
                (key, update) -> context.forward(c.record().withKey(key).withValue(update)));
    }

    private void event(Record<?, ?> cause, String hotelId, Instant now, SpecificRecord payload) {
        context.forward(new Record<String, SpecificRecord>(
                hotelId, new ReservationEvent(UUID.randomUUID().toString(), hotelId, now, payload), cause.timestamp()));
    }

    private ZoneId zoneOf(String hotelId) {
        HotelInfo hotel = ledger.hotel(hotelId);
        try {
            return hotel == null ? ZoneId.of("UTC") : ZoneId.of(hotel.getTimeZone());
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    private Duration ttl(Integer requestedSeconds) {
        if (requestedSeconds == null || requestedSeconds <= 0) {
            return defaultHoldTtl;
        }
        Duration requested = Duration.ofSeconds(requestedSeconds);
        return requested.compareTo(maxHoldTtl) > 0 ? maxHoldTtl : requested;
    }

    private static String expiryKey(Hold hold) {
        return StoreKeys.timeIndex(hold.getExpiresAt(), hold.getHotelId(), hold.getHoldId());
    }

    /** A name-based UUID: deterministic for the same source. */
    static String derivedId(String hotelId, String kind, String source) {
        return UUID.nameUUIDFromBytes(
                        String.join(StoreKeys.SEPARATOR, hotelId, kind, source).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** Where this command sits in its input topic: the read-your-writes token of its result. */
    private String position() {
        return context.recordMetadata()
                .map(m -> m.topic() + ":" + m.partition() + ":" + m.offset())
                .orElse(null);
    }

    private static ReservationResult.Builder accepted(Command c) {
        return ReservationResult.newBuilder()
                .setRequestId(c.envelope().getRequestId())
                .setHotelId(c.hotelId())
                .setAccepted(true)
                .setProcessedAt(c.now());
    }

    private static ReservationResult rejected(Command c, Rejection rejection) {
        return rejected(c, rejection.reason(), rejection.message());
    }

    private static ReservationResult rejected(Command c, Reason reason, String message) {
        return ReservationResult.newBuilder()
                .setRequestId(c.envelope().getRequestId())
                .setHotelId(c.hotelId())
                .setAccepted(false)
                .setReason(reason.name())
                .setMessage(message)
                .setProcessedAt(c.now())
                .build();
    }
}
