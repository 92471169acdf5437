package io.innflow.streams.reservation;

import io.innflow.schemas.reservation.ReservationCommand;
import java.time.Duration;
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

    /**
     * How far the node's stamp may be from the record's own timestamp and still be believed: clocks
     * kept by NTP agree far better than this, and a failover delays processing, not the stamps.
     */
    static final Duration STAMP_SKEW = Duration.ofSeconds(30);

    /**
     * The time a client's deadline (a hold's expiry, the last day to cancel) is judged at: when the
     * node stamped the command ({@code issuedAt}), so a failover or restore that delays processing
     * does not turn a request sent in time into a late one. The stamp is used only if it is within
     * {@link #STAMP_SKEW} of the record's timestamp and not after now; otherwise processing time.
     */
    Instant deadlineTime() {
        Instant stamp = envelope.getIssuedAt();
        if (stamp == null || stamp.isAfter(now)) {
            return now;
        }
        Duration fromRecord = Duration.between(stamp, Instant.ofEpochMilli(record.timestamp()))
                .abs();
        return fromRecord.compareTo(STAMP_SKEW) <= 0 ? stamp : now;
    }

    /**
     * When the command was sent: the earlier of the node's stamp and the record's own timestamp. A
     * record read again after an offset reset keeps both, so its age shows it is a replay.
     */
    Instant sentAt() {
        Instant recordTime = Instant.ofEpochMilli(record.timestamp());
        Instant stamp = envelope.getIssuedAt();
        return stamp == null || recordTime.isBefore(stamp) ? recordTime : stamp;
    }

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
