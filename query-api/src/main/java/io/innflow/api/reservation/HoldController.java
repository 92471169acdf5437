package io.innflow.api.reservation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.cluster.KeyedReads;
import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Requests;
import io.innflow.api.http.Responses;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.PlaceHold;
import io.innflow.schemas.reservation.ReleaseHold;
import io.javalin.http.Context;
import java.io.IOException;

/** {@code POST /v1/hotels/{hotelId}/holds}, {@code GET} and {@code DELETE /v1/hotels/{hotelId}/holds/{holdId}}. */
public final class HoldController {

    private final CommandService commands;
    private final ReservationQueries queries;
    private final KeyedReads reads;
    private final ObjectMapper json;

    public HoldController(CommandService commands, ReservationQueries queries, KeyedReads reads, ObjectMapper json) {
        this.commands = commands;
        this.queries = queries;
        this.reads = reads;
        this.json = json;
    }

    public void place(Context ctx) throws IOException {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String key = Requests.idempotencyKey(ctx);
        HoldRequest request = Requests.body(ctx, json, HoldRequest.class).validated();
        PlaceHold command = new PlaceHold(
                request.roomTypeId(), request.checkIn(), request.checkOut(), request.quantity(), request.holdSeconds(), null);
        Responses.command(ctx, hotelId, commands.submit(Principal.of(ctx), hotelId, key, command), (c, result) -> {
            Hold hold = result.getHold();
            c.status(201).header("Location", HoldView.location(hold)).json(HoldView.of(hold));
        });
    }

    public void get(Context ctx) {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String holdId = Ids.require("holdId", ctx.pathParam("holdId"));
        String principal = Principal.of(ctx).name();
        Responses.read(
                ctx,
                reads.read(ctx, hotelId, scope -> queries.hold(scope, hotelId, holdId, principal)),
                (c, hold) -> c.json(HoldView.of(hold)));
    }

    /** Releases an active hold early; releasing a released hold again answers it unchanged. */
    public void release(Context ctx) {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String holdId = Ids.require("holdId", ctx.pathParam("holdId"));
        String key = Requests.idempotencyKey(ctx);
        Responses.command(
                ctx,
                hotelId,
                commands.submit(Principal.of(ctx), hotelId, key, new ReleaseHold(holdId))
                        .thenApply(o -> o.hidingOthers("HOLD_NOT_FOUND", "No hold " + holdId + " at this hotel")),
                (c, result) -> c.json(HoldView.of(result.getHold())));
    }
}
