package io.innflow.streams.reservation;

import io.innflow.schemas.catalog.RoomTypeInfo;
import io.innflow.schemas.reservation.CorrectGuestContact;
import io.innflow.schemas.reservation.GuestDetails;
import io.innflow.streams.inventory.Rejection;
import io.innflow.streams.inventory.Rejection.Reason;

/**
 * What the topology judges of guest details: whether the party fits the rooms (only the catalog held
 * here knows a room type's capacity) and how a contact correction applies. The shape of each field is
 * checked by the node that took the request.
 */
final class GuestRules {

    private GuestRules() {}

    /** Null when the party fits {@code quantity} rooms of {@code roomType}, or when either is unknown. */
    static Rejection checkParty(GuestDetails guest, RoomTypeInfo roomType, int quantity) {
        if (guest == null || roomType == null) {
            return null;
        }
        long party = (long) guest.getAdults() + guest.getChildren();
        long beds = (long) roomType.getCapacity() * quantity;
        if (party > beds) {
            return new Rejection(
                    Reason.PARTY_TOO_LARGE,
                    "A party of " + party + " does not fit " + quantity + " room(s) of " + roomType.getRoomTypeId()
                            + " sleeping " + roomType.getCapacity() + " each");
        }
        return null;
    }

    /** {@code guest} with the fields the correction gives replaced; the party and requests unchanged. */
    static GuestDetails corrected(GuestDetails guest, CorrectGuestContact correction) {
        GuestDetails.Builder out = GuestDetails.newBuilder(guest);
        if (correction.getLeadName() != null) {
            out.setLeadName(correction.getLeadName());
        }
        if (correction.getEmail() != null) {
            out.setEmail(correction.getEmail());
        }
        if (correction.getPhone() != null) {
            out.setPhone(correction.getPhone());
        }
        return out.build();
    }
}
