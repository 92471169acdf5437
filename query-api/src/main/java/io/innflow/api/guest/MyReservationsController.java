package io.innflow.api.guest;

import io.innflow.api.cluster.KeyedReads;
import io.innflow.api.http.ApiException;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Responses;
import io.innflow.api.reservation.BookingView;
import io.innflow.api.reservation.HoldView;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.Hold;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /v1/me/bookings} and {@code GET /v1/me/holds}: the calling guest's bookings and active
 * holds at every hotel, from the guest view, read on the node that owns the guest's key.
 */
public final class MyReservationsController {

    /** Largest page. */
    static final int MAX_SIZE = 100;

    /** Deepest entry a listing can page to: {@code page * size}. */
    static final int MAX_DEPTH = 10_000;

    private final GuestReservations reservations;
    private final KeyedReads reads;
    private final Clock clock;

    public MyReservationsController(GuestReservations reservations, KeyedReads reads, Clock clock) {
        this.reservations = reservations;
        this.reads = reads;
        this.clock = clock;
    }

    /** Which bookings a listing shows, by their check-out date against today's (UTC). */
    public enum When {
        /** Stays that have not ended: check-out today or later; soonest check-in first. */
        UPCOMING,
        /** Stays that have ended: check-out before today; latest check-in first. */
        PAST;

        static When of(String raw) {
            if (raw == null || raw.isBlank()) {
                return UPCOMING;
            }
            return switch (raw.trim()) {
                case "upcoming" -> UPCOMING;
                case "past" -> PAST;
                default -> throw ApiException.badRequest("Query parameter when must be upcoming or past");
            };
        }

        boolean includes(Booking booking, LocalDate today) {
            boolean ended = booking.getCheckOut().isBefore(today);
            return this == PAST ? ended : !ended;
        }

        Comparator<Booking> order() {
            Comparator<Booking> byCheckIn = Comparator.comparing(Booking::getCheckIn);
            return (this == PAST ? byCheckIn.reversed() : byCheckIn)
                    .thenComparing(Booking::getHotelId)
                    .thenComparing(Booking::getBookingId);
        }

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A page of the caller's bookings. */
    public record BookingsPage(String when, int page, int size, int total, List<BookingView> bookings) {}

    /** A page of the caller's active holds. */
    public record HoldsPage(int page, int size, int total, List<HoldView> holds) {}

    /** {@code GET /v1/me/bookings?when=upcoming|past&page=&size=}. */
    public void bookings(Context ctx) {
        String principal = Principal.of(ctx).name();
        When when = When.of(ctx.queryParam("when"));
        Paging paging = Paging.of(ctx);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Responses.read(
                ctx,
                reads.readGuestView(ctx, principal, scope -> reservations
                        .bookings(scope, principal)
                        .map(all -> {
                            List<Booking> chosen = all.stream()
                                    .filter(b -> when.includes(b, today))
                                    .sorted(when.order())
                                    .toList();
                            return new BookingsPage(
                                    when.value(),
                                    paging.page(),
                                    paging.size(),
                                    chosen.size(),
                                    paging.cut(chosen).stream()
                                            .map(BookingView::of)
                                            .toList());
                        })),
                (c, page) -> c.json(page));
    }

    /** {@code GET /v1/me/holds?page=&size=}: active holds, the soonest to expire first. */
    public void holds(Context ctx) {
        String principal = Principal.of(ctx).name();
        Paging paging = Paging.of(ctx);
        Responses.read(
                ctx,
                reads.readGuestView(ctx, principal, scope -> reservations
                        .holds(scope, principal)
                        .map(all -> {
                            List<Hold> sorted = all.stream()
                                    .sorted(Comparator.comparing(Hold::getExpiresAt)
                                            .thenComparing(Hold::getHotelId)
                                            .thenComparing(Hold::getHoldId))
                                    .toList();
                            return new HoldsPage(
                                    paging.page(),
                                    paging.size(),
                                    sorted.size(),
                                    paging.cut(sorted).stream()
                                            .map(HoldView::of)
                                            .toList());
                        })),
                (c, page) -> c.json(page));
    }

    /** A 1-based page of {@code size} entries, as search pages. */
    record Paging(int page, int size) {

        static Paging of(Context ctx) {
            int page = integer(ctx, "page", 1, 1, MAX_DEPTH);
            int size = integer(ctx, "size", 20, 1, MAX_SIZE);
            if ((long) page * size > MAX_DEPTH) {
                throw ApiException.badRequest("page * size may be at most " + MAX_DEPTH);
            }
            return new Paging(page, size);
        }

        <T> List<T> cut(List<T> all) {
            int from = Math.min(all.size(), (page - 1) * size);
            return all.subList(from, Math.min(all.size(), from + size));
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
}
