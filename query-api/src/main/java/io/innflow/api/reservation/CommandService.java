package io.innflow.api.reservation;

import io.innflow.api.http.Principal;
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
import org.apache.avro.specific.SpecificRecord;

/**
 * Sends any reservation command (one of the records of {@code ReservationCommand.command}) for a
 * caller's Idempotency-Key and turns its result into an outcome. Every write of the API goes through
 * here.
 */
public final class CommandService {

    private final ReservationFacade facade;

    public CommandService(ReservationFacade facade) {
        this.facade = facade;
    }

    /** The request id of a caller's Idempotency-Key: the same caller and key always name one request. */
    public static String requestId(Principal principal, String idempotencyKey) {
        return UUID.nameUUIDFromBytes((principal.name() + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * @param command the command body, e.g. a {@code PlaceHold} or a {@code CancelBooking}
     * @return accepted or rejected once the result's transaction committed, pending on timeout once
     *     Kafka acknowledged the command, unsent when it did not, or overloaded when too many requests
     *     already wait
     */
    public CompletableFuture<CommandOutcome> submit(
            Principal principal, String hotelId, String idempotencyKey, SpecificRecord command) {
        String requestId = requestId(principal, idempotencyKey);
        ReservationCommand envelope = ReservationCommand.newBuilder()
                .setRequestId(requestId)
                .setFingerprint(fingerprint(hotelId, command))
                .setReplyTo(facade.replyTo())
                .setHotelId(hotelId)
                .setPrincipal(principal.name())
                .setIssuedAt(Instant.now())
                .setCommand(command)
                .build();
        return facade.submit(envelope).handle((result, error) -> {
            if (error == null) {
                return outcome(result);
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                return new CommandOutcome.Pending(requestId);
            }
            if (cause instanceof ReservationFacade.NotSentException unsent) {
                return new CommandOutcome.Unsent(
                        unsent.getMessage() + "; it may not have been sent: retry with the same Idempotency-Key");
            }
            if (cause instanceof ReservationFacade.OverloadedException overloaded) {
                return new CommandOutcome.Overloaded(overloaded.getMessage());
            }
            throw error instanceof CompletionException ce ? ce : new CompletionException(cause);
        });
    }

    private static CommandOutcome outcome(ReservationResult result) {
        return result.getAccepted()
                ? new CommandOutcome.Accepted(result)
                : new CommandOutcome.Rejected(result.getReason(), result.getMessage());
    }

    /** The same body (command type and fields, in Avro's canonical JSON) for the same hotel. */
    static String fingerprint(String hotelId, SpecificRecord command) {
        String canonical = hotelId + "|" + command.getSchema().getFullName() + "|" + command;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
