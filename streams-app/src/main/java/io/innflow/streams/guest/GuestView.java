package io.innflow.streams.guest;

import io.innflow.schemas.reservation.BookingCancelled;
import io.innflow.schemas.reservation.BookingCheckedIn;
import io.innflow.schemas.reservation.BookingCheckedOut;
import io.innflow.schemas.reservation.BookingConfirmed;
import io.innflow.schemas.reservation.BookingNoShow;
import io.innflow.schemas.reservation.HoldExpired;
import io.innflow.schemas.reservation.HoldPlaced;
import io.innflow.schemas.reservation.HoldReleased;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.topics.Topics;
import io.innflow.streams.config.TopologySettings;
import io.innflow.streams.lifecycle.RunningStores;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The guest view: every hold and booking again, keyed by the principal who made it, so "my bookings"
 * is one key's range on one task instead of a scan of every hotel. A sub-topology of its own reads
 * {@code reservation-events}, re-keys each hold or booking event by its principal through the
 * {@value #BY_GUEST} repartition topic (written in the same exactly-once transaction as the event's
 * offset commit) and {@link ApplyGuestEventProcessor} keeps the latest state of each. It trails the
 * hotel stores by the time an event takes to go around: its reads are eventually consistent.
 */
public final class GuestView {

    /** Name of the repartition topic that carries reservation events keyed by principal. */
    public static final String BY_GUEST = "reservations-by-guest";

    private GuestView() {}

    public static void wire(StreamsBuilder builder, Topics topics, TopologySettings config, RunningStores running) {
        var events = topics.events();
        builder.stream(
                        events.name(),
                        Consumed.with(events.keySerde(), events.valueSerde())
                                .withName("guest-view-events-source")
                                // A node that adds the view to a running deployment builds it from every retained
                                // event.
                                .withOffsetResetPolicy(AutoOffsetReset.earliest()))
                .filter((hotelId, event) -> event != null && principalOf(event) != null, Named.as("guest-view-owned"))
                .selectKey((hotelId, event) -> principalOf(event), Named.as("guest-view-by-principal"))
                .repartition(Repartitioned.<String, ReservationEvent>as(BY_GUEST)
                        .withKeySerde(Serdes.String())
                        .withValueSerde(topics.serdes().value(ReservationEvent.class))
                        .withNumberOfPartitions(config.partitions()))
                .process(
                        new ApplyGuestEventProcessor.Supplier(GuestStores.create(topics.serdes()), running),
                        Named.as("apply-guest-event"));
    }

    /** The principal of the hold or booking an event carries; null for other events and for anonymous ones. */
    public static String principalOf(ReservationEvent event) {
        Object payload = event.getPayload();
        if (payload instanceof HoldPlaced e) {
            return e.getHold().getPrincipal();
        }
        if (payload instanceof HoldReleased e) {
            return e.getHold().getPrincipal();
        }
        if (payload instanceof HoldExpired e) {
            return e.getHold().getPrincipal();
        }
        if (payload instanceof BookingConfirmed e) {
            return e.getBooking().getPrincipal();
        }
        if (payload instanceof BookingCancelled e) {
            return e.getBooking().getPrincipal();
        }
        if (payload instanceof BookingCheckedIn e) {
            return e.getBooking().getPrincipal();
        }
        if (payload instanceof BookingCheckedOut e) {
            return e.getBooking().getPrincipal();
        }
        if (payload instanceof BookingNoShow e) {
            return e.getBooking().getPrincipal();
        }
        return null;
    }
}
