package io.innflow.api.http;

import io.innflow.api.cluster.ReadResult;
import io.innflow.api.query.ConsistencyToken;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.schemas.reservation.ReservationResult;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The one place where the answers of reads and commands become HTTP statuses and headers. A problem
 * is thrown as an {@link ApiException}, which {@link ErrorMapping} writes; every answer is written
 * from a future, so no request thread waits.
 */
public final class Responses {

    /** Response header: {@code true} when the answer came from a standby or a restoring copy. */
    public static final String STALE_HEADER = "Innflow-Stale";

    /** Response header: the node id of the instance whose stores answered. */
    public static final String SERVED_BY_HEADER = "Innflow-Served-By";

    /** What a node passes on of another node's answer to a forwarded read. */
    private static final List<String> RELAYED_HEADERS =
            List.of("Content-Type", "Retry-After", "Location", STALE_HEADER, SERVED_BY_HEADER, ConsistencyToken.HEADER);

    private Responses() {}

    /**
     * Answers a read: {@code found} writes a value found here (after the served-by and stale headers);
     * another node's answer is relayed as it came; not found is 404 with the reason code; not ready
     * and behind the consistency token are 503 with {@code Retry-After}.
     */
    public static <T> void read(Context ctx, CompletableFuture<ReadResult<T>> result, BiConsumer<Context, T> found) {
        ctx.future(() -> result.thenAccept(LogContext.carried(r -> read(ctx, r, found))));
    }

    private static <T> void read(Context ctx, ReadResult<T> result, BiConsumer<Context, T> found) {
        if (result instanceof ReadResult.Found<T> here) {
            ctx.header(SERVED_BY_HEADER, here.servedBy());
            if (here.stale()) {
                ctx.header(STALE_HEADER, "true");
            }
            found.accept(ctx, here.value());
        } else if (result instanceof ReadResult.Forwarded<T> relayed) {
            ctx.status(relayed.status());
            for (String name : RELAYED_HEADERS) {
                relayed.headers().firstValue(name).ifPresent(value -> {
                    if (name.equals("Content-Type")) {
                        ctx.contentType(value);
                    } else {
                        ctx.header(name, value);
                    }
                });
            }
            ctx.result(relayed.body());
        } else if (result instanceof ReadResult.NotFound<T> missing) {
            throw new RejectedException(404, missing.reason(), "Not found", missing.detail());
        } else if (result instanceof ReadResult.Behind<T>) {
            throw new ApiException(
                    503,
                    "consistency-pending",
                    "Try again shortly",
                    "The store has not yet applied the write named by " + ConsistencyToken.HEADER + "; it will shortly",
                    1);
        } else {
            throw ApiException.unavailable(((ReadResult.NotReady<T>) result).detail());
        }
    }

    /**
     * Answers a command: {@code accepted} writes the success response, after the result's consistency
     * token has been set in the {@value ConsistencyToken#HEADER} header; a rejection becomes a problem
     * with its reason code; no result in time becomes 202 with the request's status URL once Kafka
     * acknowledged the command; a command Kafka did not acknowledge and too many waiting requests
     * become 503.
     */
    public static void command(
            Context ctx,
            String hotelId,
            CompletableFuture<CommandOutcome> outcome,
            BiConsumer<Context, ReservationResult> accepted) {
        ctx.future(() -> outcome.thenAccept(LogContext.carried(o -> command(ctx, hotelId, o, accepted))));
    }

    private static void command(
            Context ctx, String hotelId, CommandOutcome outcome, BiConsumer<Context, ReservationResult> accepted) {
        if (outcome instanceof CommandOutcome.Accepted ok) {
            if (ok.result().getPosition() != null) {
                ctx.header(ConsistencyToken.HEADER, ok.result().getPosition());
            }
            accepted.accept(ctx, ok.result());
        } else if (outcome instanceof CommandOutcome.Rejected rejected) {
            throw new RejectedException(statusOf(rejected.reason()), rejected.reason(), rejected.message());
        } else if (outcome instanceof CommandOutcome.Pending pending) {
            String location = "/v1/hotels/" + hotelId + "/requests/" + pending.requestId();
            ctx.status(202)
                    .header("Location", location)
                    .json(Map.of("requestId", pending.requestId(), "status", "PENDING", "location", location));
        } else if (outcome instanceof CommandOutcome.Unsent unsent) {
            throw ApiException.unavailable(unsent.message());
        } else {
            throw ApiException.overloaded(((CommandOutcome.Overloaded) outcome).message());
        }
    }

    /** The HTTP status of a rejection reason; see docs/api.md. */
    static int statusOf(String reason) {
        if (reason == null) {
            return 409;
        }
        return switch (reason) {
            case "HOTEL_NOT_FOUND", "ROOM_TYPE_NOT_FOUND", "HOLD_NOT_FOUND", "BOOKING_NOT_FOUND" -> 404;
            case "INVALID_REQUEST", "GUEST_REQUIRED" -> 400;
            case "IDEMPOTENCY_CONFLICT" -> 422;
            case "PAYMENT_DECLINED" -> 402;
            case "FORBIDDEN" -> 403;
            default -> 409;
        };
    }
}
