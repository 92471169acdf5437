package io.innflow.api.search;

import io.innflow.api.http.ApiException;
import io.innflow.api.inventory.InventoryController;
import io.innflow.streams.inventory.SellRules;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * The parameters of {@code GET /v1/search}, validated.
 *
 * @param city city to search, matched ignoring case
 * @param checkIn first night
 * @param checkOut departure date, after checkIn
 * @param guests people in the party
 * @param rooms rooms wanted, all of one room type; the party must fit: {@code capacity * rooms >= guests}
 * @param descending sort by price, highest first ({@code sort=-price}); else lowest first
 * @param page 1-based page number
 * @param size results per page
 */
public record SearchQuery(
        String city,
        LocalDate checkIn,
        LocalDate checkOut,
        int guests,
        int rooms,
        boolean descending,
        int page,
        int size) {

    static final int MAX_GUESTS = 100;
    static final int MAX_ROOMS = 100;
    static final int MAX_SIZE = 100;
    /** Deepest result a search can page to: {@code page * size}. */
    static final int MAX_DEPTH = 10_000;

    public static SearchQuery of(Context ctx) {
        String city = ctx.queryParam("city");
        if (city == null || city.isBlank()) {
            throw ApiException.badRequest("Query parameter city is required");
        }
        if (city.length() > 100) {
            throw ApiException.badRequest("city may have at most 100 characters");
        }
        LocalDate checkIn = InventoryController.date(ctx, "checkIn");
        LocalDate checkOut = InventoryController.date(ctx, "checkOut");
        if (!checkOut.isAfter(checkIn)) {
            throw ApiException.badRequest("checkOut must be after checkIn");
        }
        if (ChronoUnit.DAYS.between(checkIn, checkOut) > SellRules.MAX_STAY_NIGHTS) {
            throw ApiException.badRequest("A stay may last at most " + SellRules.MAX_STAY_NIGHTS + " nights");
        }
        int guests = integer(ctx, "guests", 1, 1, MAX_GUESTS);
        int rooms = integer(ctx, "rooms", 1, 1, MAX_ROOMS);
        if (rooms > guests) {
            throw ApiException.badRequest("rooms may not exceed guests (every room needs a guest)");
        }
        String sort = ctx.queryParam("sort");
        boolean descending;
        if (sort == null || sort.isBlank() || sort.equals("price")) {
            descending = false;
        } else if (sort.equals("-price")) {
            descending = true;
        } else {
            throw ApiException.badRequest("sort must be price (lowest first) or -price (highest first)");
        }
        int page = integer(ctx, "page", 1, 1, MAX_DEPTH);
        int size = integer(ctx, "size", 20, 1, MAX_SIZE);
        if ((long) page * size > MAX_DEPTH) {
            throw ApiException.badRequest("page * size may be at most " + MAX_DEPTH + "; narrow the search");
        }
        return new SearchQuery(city.trim(), checkIn, checkOut, guests, rooms, descending, page, size);
    }

    /** How many results, in order, a page needs from every instance. */
    int depth() {
        return page * size;
    }

    Comparator<SearchHit> order() {
        Comparator<SearchHit> byPrice = Comparator.comparingLong(SearchHit::fromTotalMinor);
        return (descending ? byPrice.reversed() : byPrice)
                .thenComparing(SearchHit::name)
                .thenComparing(SearchHit::hotelId);
    }

    private static int integer(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "Query parameter " + name + " must be a whole number from " + min + " to " + max);
        }
    }
}
