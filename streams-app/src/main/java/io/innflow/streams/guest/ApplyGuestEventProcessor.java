package io.innflow.streams.guest;

import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.BookingCancelled;
import io.innflow.schemas.reservation.BookingCheckedIn;
import io.innflow.schemas.reservation.BookingCheckedOut;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.BookingNoShow;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.HoldExpired;
import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.HoldReleased;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.streams.inventory.StoreNames;
import io.innflow.streams.lifecycle.RunningStores;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Keeps the guest view at the latest state of each hold and booking, from events keyed by principal.
 * A booking is upserted on every transition; a hold is kept while it is active and removed when it
 * is released, expires or is confirmed into a booking. The events of one hold or booking come from
 * one partition of {@code reservation-events} and reach one partition here, in order, so the last
 * event applied is the latest state.
 */
public final class ApplyGuestEventProcessor implements Processor<String, ReservationEvent, Void, Void> {

    private final RunningStores running;
    private KeyValueStore<String, Booking> bookings;
    private KeyValueStore<String, Hold> holds;
    private RunningStores.Registration answering;

    public ApplyGuestEventProcessor(RunningStores running) {
        this.running = running;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        bookings = context.getStateStore(StoreNames.GUEST_BOOKINGS);
        holds = context.getStateStore(StoreNames.GUEST_HOLDS);
        answering = running.running(context, List.of(StoreNames.GUEST_BOOKINGS, StoreNames.GUEST_HOLDS));
    }

    @Override
    public void close() {
        if (answering != null) {
            answering.stop();
        }
    }

    @Override
    public void process(Record<String, ReservationEvent> record) {
        String principal = record.key();
        Object payload = record.value().getPayload();
        if (payload instanceof HoldPlaced e) {
            holds.put(key(principal, e.getHold()), e.getHold());
        } else if (payload instanceof HoldReleased e) {
            holds.delete(key(principal, e.getHold()));
        } else if (payload instanceof HoldExpired e) {
            holds.delete(key(principal, e.getHold()));
        } else if (payload instanceof BookingConfirmed e) {
            Booking booking = e.getBooking();
            bookings.put(key(principal, booking), booking);
            if (booking.getHoldId() != null) {
                holds.delete(GuestKeys.of(principal, booking.getHotelId(), booking.getHoldId()));
            }
        } else if (payload instanceof BookingCancelled e) {
            upsert(principal, e.getBooking());
        } else if (payload instanceof BookingCheckedIn e) {
            upsert(principal, e.getBooking());
        } else if (payload instanceof BookingCheckedOut e) {
            upsert(principal, e.getBooking());
        } else if (payload instanceof BookingNoShow e) {
            upsert(principal, e.getBooking());
        }
    }

    private void upsert(String principal, Booking booking) {
        bookings.put(key(principal, booking), booking);
    }

    private static String key(String principal, Hold hold) {
        return GuestKeys.of(principal, hold.getHotelId(), hold.getHoldId());
    }

    private static String key(String principal, Booking booking) {
        return GuestKeys.of(principal, booking.getHotelId(), booking.getBookingId());
    }

    /** Declares the guest view's stores. */
    public static final class Supplier implements ProcessorSupplier<String, ReservationEvent, Void, Void> {

        private final GuestStores stores;
        private final RunningStores running;

        public Supplier(GuestStores stores, RunningStores running) {
            this.stores = stores;
            this.running = running;
        }

        @Override
        public Processor<String, ReservationEvent, Void, Void> get() {
            return new ApplyGuestEventProcessor(running);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return stores.all();
        }
    }
}
