package io.innflow.api.reservation;

import io.innflow.api.http.ApiException;
import io.innflow.api.http.Ids;
import io.innflow.schemas.reservation.BookDirect;
import io.innflow.schemas.reservation.ConfirmBooking;
import java.time.LocalDate;
import org.apache.avro.specific.SpecificRecord;

/**
 * Body of {@code POST /v1/hotels/{hotelId}/bookings}: either from a hold ({@code holdId}, {@code
 * paymentToken}) or direct ({@code roomTypeId}, {@code checkIn}, {@code checkOut}, {@code quantity},
 * {@code paymentToken}); never a mix. The token is turned into an authorization here ({@link
 * MockPayments}): it never reaches a topic, a store or a log.
 */
public record BookingRequest(
        String holdId,
        String roomTypeId,
        LocalDate checkIn,
        LocalDate checkOut,
        Integer quantity,
        String paymentToken) {

    static final int MAX_TOKEN_LENGTH = 200;

    /** The command this body asks for; a 400 naming the first problem. */
    public SpecificRecord command() {
        if (paymentToken == null || paymentToken.isBlank()) {
            throw ApiException.badRequest("paymentToken is required");
        }
        if (paymentToken.length() > MAX_TOKEN_LENGTH || paymentToken.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("paymentToken must be at most " + MAX_TOKEN_LENGTH + " printable characters");
        }
        if (holdId != null) {
            if (roomTypeId != null || checkIn != null || checkOut != null || quantity != null) {
                throw ApiException.badRequest("Book either from a hold (holdId) or directly (roomTypeId, checkIn,"
                        + " checkOut, quantity), not both");
            }
            return new ConfirmBooking(Ids.require("holdId", holdId), null, MockPayments.authorize(paymentToken), null);
        }
        HoldRequest stay = new HoldRequest(roomTypeId, checkIn, checkOut, quantity, null).validated();
        return new BookDirect(
                stay.roomTypeId(),
                stay.checkIn(),
                stay.checkOut(),
                stay.quantity(),
                null,
                MockPayments.authorize(paymentToken), null);
    }
}
