package io.innflow.streams.reservation;

import io.innflow.schemas.reservation.ReservationCommand;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Record;

/**
 * One command being applied, with what every step needs.
 *
 * @param now the wall-clock time the command is applied at
 * @param position where the command sits in its input topic: the read-your-writes token of its
 *     result
 */
record Command(Record<String, ReservationCommand> record, ReservationCommand envelope, Instant now, String position) {

    String hotelId() {
        return envelope.getHotelId();
    }

    String requestId() {
        return envelope.getRequestId();
    }

    String principal() {
        return envelope.getPrincipal();
    }

    /**
     * What new ids derive from: the request id and the command's place in its topic. Unique even
     * when a request id is used again after the idempotency window, and the same when a command is
     * processed again after a crash, so the ids in committed state never collide.
     */
    String source() {
        return envelope.getRequestId() + "@" + position;
    }

    /** A hold or booking is its principal's; one made without a principal is anyone's. */
    boolean isOwnedBy(String owner) {
        return owner == null || Objects.equals(owner, principal());
    }
}
