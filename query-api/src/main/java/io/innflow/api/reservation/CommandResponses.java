package io.innflow.api.reservation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.RejectedException;
import io.innflow.api.query.ConsistencyToken;
import io.innflow.schemas.reservation.ReservationResult;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/** What every write handler shares: reading the request, and mapping a command outcome to HTTP. */
public final class CommandResponses {

    private CommandResponses() {}

    /** The Idempotency-Key header every write requires. */
    public static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("The Idempotency-Key header is required on writes");
        }
        if (key.length() > 200) {
            throw ApiException.badRequest("The Idempotency-Key header may have at most 200 characters");
        }
        return key;
    }

    /** The JSON body as {@code type}; a 400 when it is empty or malformed. */
    public static <T> T body(Context ctx, ObjectMapper json, Class<T> type) throws IOException {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("A JSON body is required");
        }
        return json.readValue(body, type);
    }

    /**
     * Answers asynchronously: {@code accepted} writes the success response, after the result's
     * consistency token has been set in the {@value ConsistencyToken#HEADER} header; a rejection becomes a
     * problem with its reason code; no result in time becomes 202 with the request's status URL; too
     * many waiting requests become 503.
     */
    public static void respond(
            Context ctx,
            String hotelId,
            CompletableFuture<CommandOutcome> outcome,
            BiConsumer<Context, ReservationResult> accepted) {
        ctx.future(
                () -> outcome.thenAccept(o -> answer(ctx, hotelId, o, accepted)).exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof ReservationFacade.OverloadedException) {
                        throw ApiException.unavailable(cause.getMessage());
                    }
                    throw new CompletionException(cause);
                }));
    }

    private static void answer(
            Context ctx, String hotelId, CommandOutcome outcome, BiConsumer<Context, ReservationResult> accepted) {
        if (outcome instanceof CommandOutcome.Accepted ok) {
            if (ok.result().getPosition() != null) {
                ctx.header(ConsistencyToken.HEADER, ok.result().getPosition());
            }
            accepted.accept(ctx, ok.result());
        } else if (outcome instanceof CommandOutcome.Rejected rejected) {
            throw new RejectedException(statusOf(rejected.reason()), rejected.reason(), rejected.message());
        } else {
            String requestId = ((CommandOutcome.Pending) outcome).requestId();
            String location = "/v1/hotels/" + hotelId + "/requests/" + requestId;
            ctx.status(202)
                    .header("Location", location)
                    .json(Map.of("requestId", requestId, "status", "PENDING", "location", location));
        }
    }

    /** The HTTP status of a rejection reason; see docs/api.md. */
    static int statusOf(String reason) {
        if (reason == null) {
            return 409;
        }
        return switch (reason) {
            case "HOTEL_NOT_FOUND", "ROOM_TYPE_NOT_FOUND", "HOLD_NOT_FOUND", "BOOKING_NOT_FOUND" -> 404;
            case "INVALID_REQUEST" -> 400;
            case "IDEMPOTENCY_CONFLICT" -> 422;
            case "PAYMENT_DECLINED" -> 402;
            case "FORBIDDEN" -> 403;
            default -> 409;
        };
    }
}
