package io.innflow.api.inventory;

import io.innflow.api.cluster.FanOut;
import io.innflow.api.cluster.KeyedReads;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.Ids;
import io.innflow.api.http.LogContext;
import io.innflow.api.http.Responses;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * {@code GET /v1/hotels}, {@code GET /v1/hotels/{hotelId}} and {@code GET
 * /v1/hotels/{hotelId}/availability}, with the internal leg of the hotel listing.
 */
public final class InventoryController {

    static final int MAX_RANGE_DAYS = 366;
    static final int MAX_CITY_LENGTH = 100;

    private final InventoryQueries queries;
    private final KeyedReads reads;
    private final FanOut fanOut;
    private final int partitions;

    public InventoryController(InventoryQueries queries, KeyedReads reads, FanOut fanOut, int partitions) {
        this.queries = queries;
        this.reads = reads;
        this.fanOut = fanOut;
        this.partitions = partitions;
    }

    /** Hotels of a city (all when absent) from every instance, by name; says when some could not answer. */
    public void hotels(Context ctx) {
        String city = city(ctx);
        ctx.future(() -> fanOut.gather(ctx, () -> queries.hotelsHere(city), InventoryQueries.HotelsLeg.class)
                .thenAccept(LogContext.carried(gathered -> {
                    Map<String, HotelView> hotels = new LinkedHashMap<>();
                    TreeSet<Integer> covered = new TreeSet<>();
                    for (InventoryQueries.HotelsLeg leg : gathered.legs()) {
                        covered.addAll(leg.partitions());
                        leg.hotels().forEach(h -> hotels.putIfAbsent(h.hotelId(), h));
                    }
                    List<Integer> missing = missing(covered, partitions);
                    if (missing.size() == partitions) {
                        throw ApiException.unavailable("No instance can list hotels right now");
                    }
                    List<HotelView> sorted = new ArrayList<>(hotels.values());
                    sorted.sort(InventoryQueries.HotelsLeg.ORDER);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("hotels", sorted);
                    body.put("partial", !missing.isEmpty());
                    if (!missing.isEmpty()) {
                        body.put("missingPartitions", missing);
                        body.put("unreachableInstances", gathered.unreachable());
                    }
                    ctx.json(body);
                })));
    }

    /** Internal: this instance's part of a hotel listing. */
    public void hotelsLeg(Context ctx) {
        ctx.json(queries.hotelsHere(city(ctx)));
    }

    public void hotel(Context ctx) {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        Responses.read(ctx, reads.read(ctx, hotelId, scope -> queries.hotel(scope, hotelId)), Context::json);
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
        Responses.read(
                ctx,
                reads.read(ctx, hotelId, scope -> queries.availability(scope, hotelId, from, to, roomType)),
                Context::json);
    }

    /** Partitions of [0, partitions) not in {@code covered}. */
    public static List<Integer> missing(java.util.Set<Integer> covered, int partitions) {
        return IntStream.range(0, partitions)
                .filter(p -> !covered.contains(p))
                .boxed()
                .toList();
    }

    private static String city(Context ctx) {
        String city = ctx.queryParam("city");
        if (city == null || city.isBlank()) {
            return null;
        }
        if (city.length() > MAX_CITY_LENGTH) {
            throw ApiException.badRequest("city may have at most " + MAX_CITY_LENGTH + " characters");
        }
        return city.trim();
    }

    /** A required ISO date query parameter; a 400 naming it when absent or malformed. */
    public static LocalDate date(Context ctx, String name) {
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
}
