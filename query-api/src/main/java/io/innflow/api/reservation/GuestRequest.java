package io.innflow.api.reservation;

import io.innflow.api.http.ApiException;
import io.innflow.schemas.reservation.GuestDetails;
import java.util.regex.Pattern;

/**
 * The {@code guest} object of a hold or booking request: who is staying. Personal data: it goes to
 * the booking's owner and the hotel only, never to a log. Whether the party fits the rooms is judged
 * by the topology, which holds the room type's capacity (PARTY_TOO_LARGE).
 *
 * @param leadName the lead guest's full name, 1-100 characters
 * @param email where confirmations go, at most 254 characters
 * @param phone optional, 5-25 characters of digits and spaces with an optional leading {@code +}
 * @param adults at least 1
 * @param children optional, at least 0 (0 when absent)
 * @param specialRequests optional, at most 500 characters
 */
public record GuestRequest(
        String leadName, String email, String phone, Integer adults, Integer children, String specialRequests) {

    static final int MAX_NAME = 100;
    static final int MAX_EMAIL = 254;
    static final int MAX_REQUESTS = 500;
    static final int MAX_PARTY = 500;

    /** A sane check, not RFC 5322: one {@code @}, no spaces, a dot in the domain. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");

    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ]{5,25}");

    /** The details this object gives; a 400 naming the first problem. */
    public GuestDetails validated() {
        int adultCount = adults == null ? 0 : adults;
        if (adults == null || adultCount < 1 || adultCount > MAX_PARTY) {
            throw ApiException.badRequest("guest.adults must be between 1 and " + MAX_PARTY);
        }
        int childCount = children == null ? 0 : children;
        if (childCount < 0 || childCount > MAX_PARTY) {
            throw ApiException.badRequest("guest.children must be between 0 and " + MAX_PARTY);
        }
        if (specialRequests != null
                && (specialRequests.length() > MAX_REQUESTS || hasControl(specialRequests.replace('\n', ' ')))) {
            throw ApiException.badRequest("guest.specialRequests must be at most " + MAX_REQUESTS + " characters");
        }
        return GuestDetails.newBuilder()
                .setLeadName(leadName(leadName, true))
                .setEmail(email(email, true))
                .setPhone(phone(phone))
                .setAdults(adultCount)
                .setChildren(childCount)
                .setSpecialRequests(specialRequests == null || specialRequests.isBlank() ? null : specialRequests)
                .build();
    }

    /** A lead name, trimmed; null when absent and not {@code required}. */
    static String leadName(String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        String name = value == null ? "" : value.strip();
        if (name.isEmpty() || name.length() > MAX_NAME || hasControl(name)) {
            throw ApiException.badRequest("guest.leadName is required: 1-" + MAX_NAME + " printable characters");
        }
        return name;
    }

    /** An email address, trimmed; null when absent and not {@code required}. */
    static String email(String value, boolean required) {
        if (value == null && !required) {
            return null;
        }
        String email = value == null ? "" : value.strip();
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches() || hasControl(email)) {
            throw ApiException.badRequest("guest.email is required: an email address like name@example.com, at most "
                    + MAX_EMAIL + " characters");
        }
        return email;
    }

    /** A phone number, trimmed; null when absent. */
    static String phone(String value) {
        if (value == null) {
            return null;
        }
        String phone = value.strip();
        if (!PHONE.matcher(phone).matches() || phone.chars().noneMatch(Character::isDigit)) {
            throw ApiException.badRequest(
                    "guest.phone must be 5-25 characters: digits and spaces, with an optional leading +");
        }
        return phone;
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    /** Redacted: personal data never reaches a log, even through a mistaken {@code toString}. */
    @Override
    public String toString() {
        return "GuestRequest[redacted]";
    }
}
