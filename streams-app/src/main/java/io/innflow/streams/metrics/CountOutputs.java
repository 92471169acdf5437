package io.innflow.streams.metrics;

import io.innflow.schemas.reservation.InventoryOverbooked;
import io.innflow.schemas.reservation.ReservationEvent;
import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.StoreKeys;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Passes the topology's outputs through unchanged and counts them: events by type, rejections by
 * reason, idempotent replays. Counting the outputs, rather than inside the processors, keeps the
 * business code free of metrics and sees every path (commands and the hold expiry punctuator).
 */
public final class CountOutputs implements FixedKeyProcessor<String, SpecificRecord, SpecificRecord> {

    private final DomainCounters counters;
    private FixedKeyProcessorContext<String, SpecificRecord> context;

    public CountOutputs(DomainCounters counters) {
        this.counters = counters;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value instanceof ReservationEvent event) {
            Object payload = event.getPayload();
            counters.event(payload.getClass().getSimpleName());
            if (payload instanceof InventoryOverbooked overbooked) {
                counters.overbookingReported(
                        StoreKeys.night(event.getHotelId(), overbooked.getRoomTypeId(), overbooked.getNight()));
            }
        } else if (value instanceof ReservationResult result) {
            counters.answered();
            if (isReplay(result)) {
                counters.replayed();
            } else if (!result.getAccepted()) {
                counters.rejected(Objects.toString(result.getReason(), "UNKNOWN"));
            }
        }
        context.forward(record);
    }

    /** A first answer carries the position of the command being processed; a replay, its first command's. */
    private boolean isReplay(ReservationResult result) {
        String now = context.recordMetadata()
                .map(m -> m.topic() + ":" + m.partition() + ":" + m.offset())
                .orElse(null);
        return result.getPosition() != null
                && now != null
                && !result.getPosition().equals(now);
    }
}
