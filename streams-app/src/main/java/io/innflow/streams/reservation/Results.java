package io.innflow.streams.reservation;

import io.innflow.schemas.reservation.ReservationResult;
import io.innflow.streams.inventory.Rejection;
import io.innflow.streams.inventory.Rejection.Reason;

/** Builds the result a command answers with: accepted (with what it made) or rejected with a reason. */
final class Results {

    private Results() {}

    static ReservationResult.Builder accepted(Command c) {
        return ReservationResult.newBuilder()
                .setRequestId(c.requestId())
                .setHotelId(c.hotelId())
                .setAccepted(true)
                .setProcessedAt(c.now());
    }

    static ReservationResult rejected(Command c, Rejection rejection) {
        return rejected(c, rejection.reason(), rejection.message());
    }

    static ReservationResult rejected(Command c, Reason reason, String message) {
        return ReservationResult.newBuilder()
                .setRequestId(c.requestId())
                .setHotelId(c.hotelId())
                .setAccepted(false)
                .setReason(reason.name())
                .setMessage(message)
                .setProcessedAt(c.now())
                .build();
    }
}
