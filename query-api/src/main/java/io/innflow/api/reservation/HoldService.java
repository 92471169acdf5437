package io.innflow.api.reservation;

import io.innflow.api.http.Principal;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReservationCommand;
import io.innflow.schemas.reservation.ReservationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** Turns hold requests into commands and results into outcomes. */
public final class HoldService {

    private final ReservationFacade facade;

    public HoldService(ReservationFacade facade) {
        this.facade = facade;
    }

    /** The request id of a caller's Idempotency-Key: the same caller and key always name one request. */
    public static String requestId(Principal principal, String idempotencyKey) {
        return UUID.nameUUIDFromBytes((principal.name() + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    public CompletableFuture<HoldOutcome> place(
            Principal principal, String hotelId, String idempotencyKey, HoldRequest request) {
        String requestId = requestId(principal, idempotencyKey);
        ReservationCommand command = ReservationCommand.newBuilder()
                .setRequestId(requestId)
                .setFingerprint(fingerprint(hotelId, request))
                .setReplyTo(facade.replyTo())
                .setHotelId(hotelId)
                .setPrincipal(principal.name())
                .setIssuedAt(Instant.now())
                .setCommand(new PlaceHold(
                        request.roomTypeId(),
                        request.checkIn(),
                        request.checkOut(),
                        request.quantity(),
                        request.holdSeconds()))
                .build();
        return facade.submit(command).handle((result, error) -> {
            if (error == null) {
                return outcome(result);
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                return new HoldOutcome.Pending(requestId);
            }
            throw error instanceof CompletionException ce ? ce : new CompletionException(cause);
        });
    }

    private static HoldOutcome outcome(ReservationResult result) {
        if (result.getAccepted() && result.getHold() != null) {
            return new HoldOutcome.Placed(result.getHold());
        }
        return new HoldOutcome.Rejected(result.getReason(), result.getMessage());
    }

    private static String fingerprint(String hotelId, HoldRequest r) {
        String canonical = String.join(
                "|",
                "PlaceHold",
                hotelId,
                r.roomTypeId(),
                r.checkIn().toString(),
                r.checkOut().toString(),
                r.quantity().toString(),
                String.valueOf(r.holdSeconds()));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
