package io.innflow.api.reservation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.Principal;
import io.innflow.api.http.RejectedException;
import io.innflow.schemas.reservation.Hold;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** {@code POST /v1/hotels/{hotelId}/holds}. */
public final class HoldController {

    private final HoldService holds;
    private final ObjectMapper json;

    public HoldController(HoldService holds, ObjectMapper json) {
        this.holds = holds;
        this.json = json;
    }

    public void place(Context ctx) throws IOException {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String key = idempotencyKey(ctx);
        HoldRequest request = readBody(ctx).validated();
        Principal principal = Principal.of(ctx);
        ctx.future(() -> holds.place(principal, hotelId, key, request)
                .thenAccept(outcome -> answer(ctx, hotelId, outcome))
                .exceptionally(error -> {
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof ReservationFacade.OverloadedException) {
                        throw ApiException.unavailable(cause.getMessage());
                    }
                    throw new CompletionException(cause);
                }));
    }

    private HoldRequest readBody(Context ctx) throws IOException {
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) {
            throw ApiException.badRequest("A JSON body is required");
        }
        return json.readValue(body, HoldRequest.class);
    }

    static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("The Idempotency-Key header is required on writes");
        }
        if (key.length() > 200) {
            throw ApiException.badRequest("The Idempotency-Key header may have at most 200 characters");
        }
        return key;
    }

    private static void answer(Context ctx, String hotelId, HoldOutcome outcome) {
        if (outcome instanceof HoldOutcome.Placed placed) {
            Hold hold = placed.hold();
            ctx.status(201)
                    .header("Location", "/v1/hotels/" + hotelId + "/holds/" + hold.getHoldId())
                    .json(HoldView.of(hold));
        } else if (outcome instanceof HoldOutcome.Rejected rejected) {
            throw new RejectedException(statusOf(rejected.reason()), rejected.reason(), rejected.message());
        } else {
            String requestId = ((HoldOutcome.Pending) outcome).requestId();
            String location = "/v1/hotels/" + hotelId + "/requests/" + requestId;
            ctx.status(202)
                    .header("Location", location)
                    .json(Map.of("requestId", requestId, "status", "PENDING", "location", location));
        }
    }

    static int statusOf(String reason) {
        if (reason == null) {
            return 409;
        }
        return switch (reason) {
            case "HOTEL_NOT_FOUND", "ROOM_TYPE_NOT_FOUND" -> 404;
            case "INVALID_REQUEST" -> 400;
            case "IDEMPOTENCY_CONFLICT" -> 422;
            default -> 409;
        };
    }
}
