package io.innflow.notifier;

/** Delivers one email to the SMTP server; throws when the server did not accept it. */
@FunctionalInterface
public interface MailSender {

    /** Sends {@code email} with the given Message-ID header ({@code <local@domain>}). */
    void send(String messageId, Email email) throws Exception;
}
