package io.innflow.notifier;

/** The emails the notifier sends; with the event id, a kind names one email for good. */
public enum EmailKind {
    /** A booking was confirmed (from a hold or directly). */
    BOOKING_CONFIRMED,
    /** A booking was cancelled. */
    BOOKING_CANCELLED,
    /** A hold is about to expire: sent {@code reminder-lead} before {@code expiresAt}, unless it ended first. */
    HOLD_EXPIRING
}
