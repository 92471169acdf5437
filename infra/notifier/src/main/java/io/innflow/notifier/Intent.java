package io.innflow.notifier;

import java.time.Instant;

/** What one event asks of the outbox. */
public sealed interface Intent {

    /**
     * Put an email in the outbox, once per event and kind.
     *
     * @param eventId the event's id: with {@code kind}, the email's identity and its Message-ID
     * @param kind which email
     * @param stay what it is about
     * @param dueAt when it may be sent (a reminder waits; the others are due at once)
     */
    record Compose(String eventId, EmailKind kind, Stay stay, Instant dueAt) implements Intent {}

    /** A hold ended (released, expired or confirmed): its reminder, if not yet sent, is not sent. */
    record ForgetReminder(String hotelId, String holdId) implements Intent {}
}
