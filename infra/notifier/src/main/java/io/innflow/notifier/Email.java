package io.innflow.notifier;

/**
 * One rendered email. Personal data: never logged ({@link #toString()} shows the subject's kind only).
 *
 * @param recipient the guest's address
 * @param subject the subject line
 * @param text the plain-text body
 * @param html the HTML body (the same content)
 */
public record Email(String recipient, String subject, String text, String html) {

    @Override
    public String toString() {
        return "Email[" + subject.length() + " chars of subject]";
    }
}
