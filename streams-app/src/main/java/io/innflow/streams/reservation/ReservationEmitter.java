package io.innflow.streams.reservation;

import io.innflow.schemas.inventory.AvailabilityUpdate;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import java.time.Instant;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The only place the reservation processor forwards records: results keyed by reply address, events
 * keyed by hotel and availability keyed by night. The topology routes each by its type.
 */
final class ReservationEmitter {

    private final ProcessorContext<String, SpecificRecord> context;

    ReservationEmitter(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    /** The command's answer, to the node that waits for it. */
    void result(Command c, ReservationResult result) {
        context.forward(c.record().withKey(c.envelope().getReplyTo()).withValue(result));
    }

    /** A reservation event of one hotel, caused by {@code cause} (a command, or a punctuation). */
    void event(Record<?, ?> cause, String hotelId, Instant now, SpecificRecord payload) {
        context.forward(new Record<String, SpecificRecord>(
                hotelId, new ReservationEvent(UUID.randomUUID().toString(), hotelId, now, payload), cause.timestamp()));
    }

    /** Where the ledger publishes the nights that {@code cause} changed. */
    BiConsumer<String, AvailabilityUpdate> availability(Record<?, ?> cause) {
        return (key, update) -> context.forward(cause.withKey(key).withValue(update));
    }
}
