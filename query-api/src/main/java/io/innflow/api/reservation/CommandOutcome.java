package io.innflow.api.reservation;

import io.innflow.schemas.reservation.ReservationResult;

/** What became of a command; the HTTP layer maps each to a status in one place. */
public sealed interface CommandOutcome {

    /** Applied (or found already applied): its transaction has committed. */
    record Accepted(ReservationResult result) implements CommandOutcome {}

    /** Rejected by the topology with a reason code; nothing changed. */
    record Rejected(String reason, String message) implements CommandOutcome {}

    /** No result within the timeout; the command may still be applied. Poll the request. */
    record Pending(String requestId) implements CommandOutcome {}

    /**
     * Kafka did not acknowledge the command in time (broker unreachable, send failed): it may not have
     * been sent. Retry with the same Idempotency-Key, which is safe whether or not it was.
     */
    record Unsent(String message) implements CommandOutcome {}

    /** Not sent: too many requests of this node already wait for their results. Retry shortly. */
    record Overloaded(String message) implements CommandOutcome {}

    /**
     * This outcome, with a refusal because the hold or booking is someone else's answered as the
     * rejection of an unknown id ({@code reason}, {@code message}): ids cannot be probed.
     */
    default CommandOutcome hidingOthers(String reason, String message) {
        return this instanceof Rejected rejected && "FORBIDDEN".equals(rejected.reason())
                ? new Rejected(reason, message)
                : this;
    }
}
