package io.innflow.streams.reservation;

import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.CancelBooking;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.CorrectGuestContact;
import io.innflow.schemas.reservation.FrontDeskTransition;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.InventoryLedger;
import io.innflow.streams.inventory.InventoryStores;
import io.innflow.streams.inventory.Rejection.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Checks and applies reservation commands for the hotels this task owns (see docs/lifecycle.md): a
 * request id seen before is answered from the {@link RequestLog}; a new command goes to
 * {@link Holds} or {@link Bookings}, and its result is remembered. Each command's store writes, its
 * result (keyed by reply address), its events (keyed by hotel) and the changed nights' availability
 * leave through the {@link ReservationEmitter} in one exactly-once transaction.
 */
public final class ApplyReservationCommandProcessor
        implements Processor<String, ReservationCommand, String, SpecificRecord> {

    static final Duration EXPIRY_INTERVAL = Duration.ofMillis(250);
    static final Duration FORGET_INTERVAL = Duration.ofMinutes(1);

    private final Duration defaultHoldTtl;
    private final Duration maxHoldTtl;
    private final Duration idempotencyRetention;
    private final int maxHeldRoomNights;

    private ProcessorContext<String, SpecificRecord> context;
    private RequestLog requestLog;
    private Holds holds;
    private Bookings bookings;
    private ReservationEmitter emit;

    public ApplyReservationCommandProcessor(
            Duration defaultHoldTtl, Duration maxHoldTtl, Duration idempotencyRetention, int maxHeldRoomNights) {
        this.defaultHoldTtl = defaultHoldTtl;
        this.maxHoldTtl = maxHoldTtl;
        this.idempotencyRetention = idempotencyRetention;
        this.maxHeldRoomNights = maxHeldRoomNights;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        InventoryLedger ledger = new InventoryLedger(context);
        emit = new ReservationEmitter(context);
        requestLog = new RequestLog(context, idempotencyRetention);
        holds = new Holds(context, ledger, emit, new HoldQuota(context, maxHeldRoomNights), defaultHoldTtl, maxHoldTtl);
        bookings = new Bookings(context, holds, ledger, emit);
        // Wall-clock: a hold must expire on time even when no record arrives for its hotel.
        context.schedule(EXPIRY_INTERVAL, PunctuationType.WALL_CLOCK_TIME, holds::expireHolds);
        // Wall-clock: the idempotency window is a duration of real time.
        context.schedule(FORGET_INTERVAL, PunctuationType.WALL_CLOCK_TIME, requestLog::forgetRequests);
    }

    @Override
    public void process(Record<String, ReservationCommand> record) {
        Command c =
                new Command(record, record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()), position());
        Optional<ReservationResult> earlier = requestLog.earlierAnswer(c);
        if (earlier.isPresent()) {
            emit.result(c, earlier.get());
            return;
        }
        ReservationResult result = apply(c);
        result.setPosition(c.position());
        requestLog.remember(c, result);
        emit.result(c, result);
    }

    private ReservationResult apply(Command c) {
        Object body = c.envelope().getCommand();
        if (body instanceof PlaceHold placeHold) {
            return holds.place(c, placeHold);
        }
        if (body instanceof ReleaseHold release) {
            return holds.release(c, release);
        }
        if (body instanceof ConfirmBooking confirm) {
            return bookings.confirm(c, confirm);
        }
        if (body instanceof BookDirect direct) {
            return bookings.bookDirect(c, direct);
        }
        if (body instanceof CancelBooking cancel) {
            return bookings.cancel(c, cancel);
        }
        if (body instanceof FrontDeskTransition transition) {
            return bookings.frontDesk(c, transition);
        }
        if (body instanceof CorrectGuestContact correction) {
            return bookings.correctGuest(c, correction);
        }
        // The type only: a command body carries guest details.
        return Results.rejected(
                c,
                Reason.INVALID_REQUEST,
                "Unknown command " + (body == null ? null : body.getClass().getSimpleName()));
    }

    /** Where this command sits in its input topic: the read-your-writes token of its result. */
    private String position() {
        return context.recordMetadata()
                .map(m -> m.topic() + ":" + m.partition() + ":" + m.offset())
                .orElse(null);
    }

    /** Builds the processor and declares every store it reads or writes. */
    public static final class Supplier
            implements ProcessorSupplier<String, ReservationCommand, String, SpecificRecord> {

        private final Duration defaultHoldTtl;
        private final Duration maxHoldTtl;
        private final Duration idempotencyRetention;
        private final int maxHeldRoomNights;
        private final Set<StoreBuilder<?>> stores;

        /**
         * @param inventory the same instances the catalog processor declares: the night counters are
         *     shared
         */
        public Supplier(
                Duration defaultHoldTtl,
                Duration maxHoldTtl,
                Duration idempotencyRetention,
                int maxHeldRoomNights,
                InventoryStores inventory,
                ReservationStores reservations) {
            this.defaultHoldTtl = defaultHoldTtl;
            this.maxHoldTtl = maxHoldTtl;
            this.idempotencyRetention = idempotencyRetention;
            this.maxHeldRoomNights = maxHeldRoomNights;
            Set<StoreBuilder<?>> all = new LinkedHashSet<>(inventory.all());
            all.addAll(reservations.all());
            this.stores = Collections.unmodifiableSet(all);
        }

        @Override
        public Processor<String, ReservationCommand, String, SpecificRecord> get() {
            return new ApplyReservationCommandProcessor(
                    defaultHoldTtl, maxHoldTtl, idempotencyRetention, maxHeldRoomNights);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return stores;
        }
    }
}
