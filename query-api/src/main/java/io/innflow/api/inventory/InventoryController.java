package io.innflow.api.inventory;

import io.innflow.api.http.ApiException;
import io.innflow.api.reservation.Ids;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** {@code GET /v1/hotels} and {@code GET /v1/hotels/{hotelId}/availability}. */
public final class InventoryController {

    static final int MAX_RANGE_DAYS = 366;

    private final InventoryQueries queries;

    public InventoryController(InventoryQueries queries) {
        this.queries = queries;
    }

    public void hotels(Context ctx) {
        String city = ctx.queryParam("city");
        ctx.json(Map.of("hotels", answer(queries.hotels(city == null || city.isBlank() ? null : city.trim()))));
    }

    public void availability(Context ctx) {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        if (!to.isAfter(from)) {
            throw ApiException.badRequest("to must be after from (to is exclusive, like a check-out date)");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_RANGE_DAYS) {
            throw ApiException.badRequest("A range may cover at most " + MAX_RANGE_DAYS + " nights");
        }
        String roomType = ctx.queryParam("roomType");
        if (roomType != null) {
            Ids.require("roomType", roomType);
        }
        ctx.json(answer(queries.availability(hotelId, from, to, roomType)));
    }

    private static LocalDate date(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("Query parameter " + name + " is required (ISO date)");
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Query parameter " + name + " is not an ISO date: " + raw);
        }
    }

    static <T> T answer(Lookup<T> lookup) {
        if (lookup instanceof Lookup.Found<T> found) {
            return found.value();
        }
        if (lookup instanceof Lookup.NotFound<T> missing) {
            throw ApiException.notFound("not-found", "Unknown " + missing.what());
        }
        if (lookup instanceof Lookup.Elsewhere<T> elsewhere) {
            throw ApiException.unavailable("This hotel is served by " + elsewhere.host() + ":" + elsewhere.port()
                    + "; forwarding comes with multi-node support");
        }
        throw ApiException.unavailable("The store is not ready: " + ((Lookup.NotReady<T>) lookup).why());
    }
}
