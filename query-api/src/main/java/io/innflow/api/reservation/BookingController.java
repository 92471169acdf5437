package io.innflow.api.reservation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.innflow.api.cluster.KeyedReads;
import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Requests;
import io.innflow.api.http.Responses;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.CancelBooking;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * {@code POST /v1/hotels/{hotelId}/bookings} (from a hold or direct), {@code GET} and {@code DELETE
 * /v1/hotels/{hotelId}/bookings/{bookingId}}, and {@code PATCH .../guest} (contact correction).
 */
public final class BookingController {

    private final CommandService commands;
    private final ReservationQueries queries;
    private final KeyedReads reads;
    private final ObjectMapper json;

    public BookingController(CommandService commands, ReservationQueries queries, KeyedReads reads, ObjectMapper json) {
        this.commands = commands;
        this.queries = queries;
        this.reads = reads;
        this.json = json;
    }

    /**
     * 201 with the booking this request made; 200 when the hold had already been confirmed by another
     * request (the existing booking, unchanged).
     */
    public void create(Context ctx) throws IOException {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String key = Requests.idempotencyKey(ctx);
        BookingRequest request = Requests.body(ctx, json, BookingRequest.class);
        Responses.command(
                ctx,
                hotelId,
                commands.submit(Principal.of(ctx), hotelId, key, request.command())
                        .thenApply(o ->
                                o.hidingOthers("HOLD_NOT_FOUND", "No hold " + request.holdId() + " at this hotel")),
                (c, result) -> {
                    Booking booking = result.getBooking();
                    boolean made = booking.getRequestId().equals(result.getRequestId());
                    c.status(made ? 201 : 200)
                            .header("Location", BookingView.location(booking))
                            .json(BookingView.of(booking));
                });
    }

    public void get(Context ctx) {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String bookingId = Ids.require("bookingId", ctx.pathParam("bookingId"));
        String principal = Principal.of(ctx).name();
        Responses.read(
                ctx,
                reads.read(ctx, hotelId, scope -> queries.booking(scope, hotelId, bookingId, principal)),
                (c, booking) -> c.json(BookingView.of(booking)));
    }

    /**
     * {@code PATCH /v1/hotels/{hotelId}/bookings/{bookingId}/guest}: the owner corrects the lead guest's
     * contact details; someone else's booking answers 404, a cancelled (or ended) one 409.
     */
    public void correctGuest(Context ctx) throws IOException {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String bookingId = Ids.require("bookingId", ctx.pathParam("bookingId"));
        String key = Requests.idempotencyKey(ctx);
        ContactCorrection correction = Requests.body(ctx, json, ContactCorrection.class);
        Responses.command(
                ctx,
                hotelId,
                commands.submit(Principal.of(ctx), hotelId, key, correction.command(bookingId))
                        .thenApply(
                                o -> o.hidingOthers("BOOKING_NOT_FOUND", "No booking " + bookingId + " at this hotel")),
                (c, result) -> c.json(BookingView.of(result.getBooking())));
    }

    /** Cancels a confirmed booking before its check-in date; cancelling again answers it unchanged. */
    public void cancel(Context ctx) {
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String bookingId = Ids.require("bookingId", ctx.pathParam("bookingId"));
        String key = Requests.idempotencyKey(ctx);
        Responses.command(
                ctx,
                hotelId,
                commands.submit(Principal.of(ctx), hotelId, key, new CancelBooking(bookingId))
                        .thenApply(
                                o -> o.hidingOthers("BOOKING_NOT_FOUND", "No booking " + bookingId + " at this hotel")),
                (c, result) -> c.json(BookingView.of(result.getBooking())));
    }
}
