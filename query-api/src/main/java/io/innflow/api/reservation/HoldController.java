package io.innflow.api.reservation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.http.Principal;
import io.innflow.schemas.reservation.Hold;
import io.innflow.schemas.reservation.PlaceHold;
import io.javalin.http.Context;
import java.io.IOException;

/** {@code POST /v1/hotels/{hotelId}/holds}. */
public final class HoldController {

    private final CommandService commands;
    private final ObjectMapper json;

    public HoldController(CommandService commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    public void place(Context ctx) throws IOException {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String key = CommandResponses.idempotencyKey(ctx);
        HoldRequest request =
                CommandResponses.body(ctx, json, HoldRequest.class).validated();
        PlaceHold command = new PlaceHold(
                request.roomTypeId(), request.checkIn(), request.checkOut(), request.quantity(), request.holdSeconds());
        CommandResponses.respond(
                ctx, hotelId, commands.submit(Principal.of(ctx), hotelId, key, command), (c, result) -> {
                    Hold hold = result.getHold();
                    c.status(201)
                            .header("Location", "/v1/hotels/" + hotelId + "/holds/" + hold.getHoldId())
                            .json(HoldView.of(hold));
                });
    }
}
