package io.innflow.api.reservation;

import io.innflow.api.http.ApiException;
import io.innflow.schemas.reservation.CorrectGuestContact;

/**
 * Body of {@code PATCH /v1/hotels/{hotelId}/bookings/{bookingId}/guest}: the lead guest's corrected
 * contact details; a field left out stays as it is, at least one is given. Same rules as {@link
 * GuestRequest}.
 */
public record ContactCorrection(String leadName, String email, String phone) {

    /** The command for {@code bookingId}; a 400 naming the first problem. */
    public CorrectGuestContact command(String bookingId) {
        if (leadName == null && email == null && phone == null) {
            throw ApiException.badRequest("Give at least one of leadName, email and phone");
        }
        return new CorrectGuestContact(
                bookingId,
                GuestRequest.leadName(leadName, false),
                GuestRequest.email(email, false),
                GuestRequest.phone(phone));
    }

    /** Redacted: personal data never reaches a log, even through a mistaken {@code toString}. */
    @Override
    public String toString() {
        return "ContactCorrection[redacted]";
    }
}
