package io.innflow.api.reservation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.innflow.schemas.reservation.ReservationResult;
import java.time.Instant;

/**
 * What became of a command, as {@code GET /v1/hotels/{hotelId}/requests/{requestId}} shows it.
 *
 * @param status {@code ACCEPTED} or {@code REJECTED}
 * @param reason the reason code of a rejection
 * @param hold the hold the command made or changed, if any
 * @param booking the booking the command made or changed, if any
 * @param consistencyToken the read-your-writes token of the result (also in the response header)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestStatusView(
        String requestId,
        String hotelId,
        String status,
        String reason,
        String message,
        Instant processedAt,
        HoldView hold,
        BookingView booking,
        String consistencyToken) {

    public static RequestStatusView of(ReservationResult result) {
        return new RequestStatusView(
                result.getRequestId(),
                result.getHotelId(),
                result.getAccepted() ? "ACCEPTED" : "REJECTED",
                result.getReason(),
                result.getMessage(),
                result.getProcessedAt(),
                result.getHold() == null ? null : HoldView.of(result.getHold()),
                result.getBooking() == null ? null : BookingView.of(result.getBooking()),
                result.getAccepted() ? result.getPosition() : null);
    }
}
