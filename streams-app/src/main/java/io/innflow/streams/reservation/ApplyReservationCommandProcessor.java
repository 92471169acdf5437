package io.innflow.streams.reservation;

import io.innflow.schemas.catalog.UnreadableCatalogRow;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.CancelBooking;
import io.innflow.schemas.reservation.ConfirmBooking;
import io.innflow.schemas.reservation.CorrectGuestContact;
import io.innflow.schemas.reservation.FrontDeskTransition;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.catalog.CatalogBlocks;
import io.innflow.streams.config.ReliabilitySettings;
import io.innflow.streams.config.TopologySettings;
import io.innflow.streams.inventory.InventoryLedger;
import io.innflow.streams.inventory.InventoryStores;
import io.innflow.streams.inventory.Rejection;
import io.innflow.streams.inventory.Rejection.Reason;
import io.innflow.streams.inventory.StoreNames;
import io.innflow.streams.lifecycle.CommitWhenIdle;
import io.innflow.streams.lifecycle.RunningStores;
import io.innflow.streams.metrics.DomainCounters;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks and applies reservation commands for the hotels this task owns (see docs/lifecycle.md): a
 * request id seen before is answered from the {@link RequestLog}; a new command goes to
 * {@link Holds} or {@link Bookings}, and its result is remembered. Each command's store writes, its
 * result (keyed by reply address), its events (keyed by hotel) and the changed nights' availability
 * leave through the {@link ReservationEmitter} in one exactly-once transaction.
 */
public final class ApplyReservationCommandProcessor
        implements Processor<String, ReservationCommand, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyReservationCommandProcessor.class);
    /** The stores of this processor's task that the HTTP layer reads (hotels, their nights, holds...). */
    private static final List<String> QUERIED = List.of(
            StoreNames.HOTELS,
            StoreNames.ROOM_TYPES,
            StoreNames.NIGHT_INVENTORY,
            StoreNames.CITY_NIGHTS,
            StoreNames.HOLDS,
            StoreNames.BOOKINGS,
            StoreNames.REQUESTS);

    private final Duration defaultHoldTtl;
    private final Duration maxHoldTtl;
    private final Duration idempotencyRetention;
    private final int maxHeldRoomNights;
    private final Duration commitWhenIdle;
    private final ReliabilitySettings reliability;
    private final DomainCounters counters;
    private final RunningStores running;

    private ProcessorContext<String, SpecificRecord> context;
    private RunningStores.Registration answering;
    private InventoryLedger ledger;
    private CatalogBlocks catalogBlocks;
    private RequestLog requestLog;
    private Holds holds;
    private Bookings bookings;
    private ReservationEmitter emit;
    private CommitWhenIdle idleCommit;

    public ApplyReservationCommandProcessor(
            TopologySettings config, ReliabilitySettings reliability, DomainCounters counters, RunningStores running) {
        this.defaultHoldTtl = config.holdTtl();
        this.maxHoldTtl = config.maxHoldTtl();
        this.idempotencyRetention = config.idempotencyRetention();
        this.maxHeldRoomNights = config.maxHeldRoomNights();
        this.commitWhenIdle = config.commitWhenIdle();
        this.reliability = reliability;
        this.counters = counters;
        this.running = running;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        ledger = new InventoryLedger(context, counters);
        catalogBlocks = new CatalogBlocks(context);
        emit = new ReservationEmitter(context);
        requestLog = new RequestLog(context, idempotencyRetention, reliability.forgetRequestsPerRun());
        holds = new Holds(
                context,
                ledger,
                emit,
                new HoldQuota(context, maxHeldRoomNights),
                defaultHoldTtl,
                maxHoldTtl,
                reliability.expireHoldsPerRun());
        bookings = new Bookings(context, holds, ledger, emit);
        idleCommit = CommitWhenIdle.on(context, commitWhenIdle);
        answering = running.running(context, QUERIED);
    }

    @Override
    public void close() {
        if (answering != null) {
            answering.stop();
        }
    }

    @Override
    public void process(Record<String, ReservationCommand> record) {
        idleCommit.processed();
        Command c =
                new Command(record, record.value(), Instant.ofEpochMilli(context.currentSystemTimeMs()), position());
        Optional<ReservationResult> earlier = requestLog.earlierAnswer(c);
        if (earlier.isPresent()) {
            emit.result(c, earlier.get());
            return;
        }
        if (Duration.between(c.sentAt(), c.now()).compareTo(reliability.maxCommandAge(idempotencyRetention)) > 0) {
            // Not remembered: a replay of a request that may have been forgotten and so applied already.
            emit.result(c, Results.rejected(c, expired(c)));
            return;
        }
        ReservationResult result = apply(c);
        result.setPosition(c.position());
        requestLog.remember(c, result);
        emit.result(c, result);
    }

    private ReservationResult apply(Command c) {
        Object body = c.envelope().getCommand();
        Rejection past = Arrival.checkNotPast(c, ledger.hotel(c.hotelId()), newStayCheckIn(body))
                .orElse(null);
        if (past != null) {
            return Results.rejected(c, past);
        }
        Rejection incomplete = catalogIncomplete(c, body);
        if (incomplete != null) {
            return Results.rejected(c, incomplete);
        }
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

    /**
     * Refuses a new stay (a hold, a direct booking) that a catalog change which could not be read may
     * concern. Everything else (confirms, releases, cancels, reads) goes on.
     */
    private Rejection catalogIncomplete(Command c, Object body) {
        Optional<UnreadableCatalogRow> block = Optional.empty();
        if (body instanceof PlaceHold hold) {
            block = catalogBlocks.blocking(c.hotelId(), hold.getRoomTypeId(), hold.getCheckIn(), hold.getCheckOut());
        } else if (body instanceof BookDirect direct) {
            block = catalogBlocks.blocking(
                    c.hotelId(), direct.getRoomTypeId(), direct.getCheckIn(), direct.getCheckOut());
        }
        return block.map(row -> new Rejection(
                        Reason.CATALOG_INCOMPLETE,
                        "A catalog change of " + CatalogBlocks.scope(row)
                                + " could not be read; new sales there resume once it is sent again"))
                .orElse(null);
    }

    /** The check-in of a command that sells a new stay; null for the others. */
    private static LocalDate newStayCheckIn(Object body) {
        if (body instanceof PlaceHold placeHold) {
            return placeHold.getCheckIn();
        }
        if (body instanceof BookDirect direct) {
            return direct.getCheckIn();
        }
        return null;
    }

    private Rejection expired(Command c) {
        LOG.warn(
                "Refusing command {} of request {} at hotel {}: sent at {}, older than the idempotency window allows"
                        + " (a replay?); not applied",
                c.position(),
                c.requestId(),
                c.hotelId(),
                c.sentAt());
        return new Rejection(
                Reason.REQUEST_EXPIRED,
                "The command was sent at " + c.sentAt() + ", before the idempotency window; it is not applied");
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

        private final TopologySettings config;
        private final ReliabilitySettings reliability;
        private final DomainCounters counters;
        private final RunningStores running;
        private final Set<StoreBuilder<?>> stores;

        /**
         * @param inventory the same instances the catalog processor declares: the night counters are
         *     shared
         */
        public Supplier(
                TopologySettings config,
                ReliabilitySettings reliability,
                DomainCounters counters,
                InventoryStores inventory,
                ReservationStores reservations,
                RunningStores running) {
            this.config = config;
            this.reliability = reliability;
            this.counters = counters;
            this.running = running;
            // Fails the build of the topology, naming both keys, when the margin leaves no window.
            reliability.maxCommandAge(config.idempotencyRetention());
            Set<StoreBuilder<?>> all = new LinkedHashSet<>(inventory.all());
            all.addAll(reservations.all());
            this.stores = Collections.unmodifiableSet(all);
        }

        @Override
        public Processor<String, ReservationCommand, String, SpecificRecord> get() {
            return new ApplyReservationCommandProcessor(config, reliability, counters, running);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return stores;
        }
    }
}
