package io.innflow.api.partner;

import io.innflow.api.catalog.Actors;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Responses;
import io.innflow.schemas.reservation.BookingStatus;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hotelier's lists, for the hotel's partner only (another partner's hotel answers 404): {@code GET
 * /v1/partner/hotels/{hotelId}/bookings?from=&to=&status=} (stays overlapping [from, to)), {@code
 * /arrivals?date=} and {@code /departures?date=}. Paged by {@code limit} and {@code after} (the cursor
 * the previous page's {@code next} carries), in booking id order. Read from the hotel's bookings on the
 * node that owns it; each line has what the desk needs to move the booking along.
 */
public final class BookingListController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final PartnerCatalog catalog;
    private final BookingListReads reads;

    public BookingListController(PartnerCatalog catalog, BookingListReads reads) {
        this.catalog = catalog;
        this.reads = reads;
    }

    public void bookings(Context ctx) {
        LocalDate from = date(ctx, "from", false);
        LocalDate to = date(ctx, "to", false);
        if (from != null && to != null && !to.isAfter(from)) {
            throw ApiException.badRequest("to must be after from");
        }
        BookingStatus status = status(ctx.queryParam("status"));
        list(ctx, "bookings", BookingLists.Query.stays(from, to, status), query(ctx, "from", "to", "status"));
    }

    public void arrivals(Context ctx) {
        list(ctx, "arrivals", BookingLists.Query.arrivals(date(ctx, "date", true)), query(ctx, "date"));
    }

    public void departures(Context ctx) {
        list(ctx, "departures", BookingLists.Query.departures(date(ctx, "date", true)), query(ctx, "date"));
    }

    private void list(Context ctx, String name, BookingLists.Query query, String filters) {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        int limit = limit(ctx);
        String after = ctx.queryParam("after") == null ? null : Ids.require("after", ctx.queryParam("after"));
        requireOwned(ctx, hotelId);
        Responses.read(ctx, reads.read(ctx, hotelId, query, after, limit), (c, page) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("bookings", page.bookings());
            body.put(
                    "next",
                    page.after() == null
                            ? null
                            : "/v1/partner/hotels/" + hotelId + "/" + name + "?" + filters + "limit=" + limit
                                    + "&after=" + page.after());
            c.json(body);
        });
    }

    /**
     * The catalog says whose hotel it is (checked again by the owner node when forwarded); another
     * partner's hotel answers like an unknown one, so a list does not tell which hotels exist.
     */
    private void requireOwned(Context ctx, String hotelId) {
        catalog.requireOwned(Actors.partner(Principal.partner(ctx)), hotelId);
    }

    /** The filters of {@code names} given in the request, as {@code name=value&} each (values are ids, dates or statuses). */
    private static String query(Context ctx, String... names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            String value = ctx.queryParam(name);
            if (value != null) {
                out.append(name).append('=').append(value).append('&');
            }
        }
        return out.toString();
    }

    private static LocalDate date(Context ctx, String name, boolean required) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            if (required) {
                throw ApiException.badRequest(name + " is required (ISO date, e.g. 2027-01-15)");
            }
            return null;
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO date, e.g. 2027-01-15");
        }
    }

    private static BookingStatus status(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return BookingStatus.valueOf(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status must be one of " + Arrays.toString(BookingStatus.values()));
        }
    }

    private static int limit(Context ctx) {
        String raw = ctx.queryParam("limit");
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
