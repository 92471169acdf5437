package io.innflow.api.reservation;

import io.innflow.schemas.reservation.Hold;

/** What became of a hold command. */
public sealed interface HoldOutcome {

    /** The hold exists: its transaction has committed. */
    record Placed(Hold hold) implements HoldOutcome {}

    /** The topology rejected the command; nothing changed. */
    record Rejected(String reason, String message) implements HoldOutcome {}

    /** No result within the timeout; the command may still be applied. Poll the request. */
    record Pending(String requestId) implements HoldOutcome {}
}
