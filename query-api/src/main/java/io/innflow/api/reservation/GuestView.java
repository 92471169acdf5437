package io.innflow.api.reservation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.innflow.schemas.reservation.GuestDetails;

/** The guest details of a hold or booking, as its owner (and the hotel's desk) sees them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuestView(String leadName, String email, String phone, int adults, int children, String specialRequests) {

    /** Null when there are none (a booking made before guest details existed). */
    public static GuestView of(GuestDetails guest) {
        if (guest == null) {
            return null;
        }
        return new GuestView(
                guest.getLeadName(),
                guest.getEmail(),
                guest.getPhone(),
                guest.getAdults(),
                guest.getChildren(),
                guest.getSpecialRequests());
    }

    /** Redacted: a view ends up in logs only by mistake, and then without personal data. */
    @Override
    public String toString() {
        return "GuestView[adults=" + adults + ", children=" + children + "]";
    }
}
