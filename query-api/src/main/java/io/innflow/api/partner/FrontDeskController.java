package io.innflow.api.partner;

import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Requests;
import io.innflow.api.http.Responses;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.FrontDeskAction;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/partner/hotels/{hotelId}/bookings/{bookingId}/check-in}, {@code /check-out} and
 * {@code /no-show}: the front desk of the hotel's partner moves a booking along. The transition is a
 * command through Kafka like a guest's; the task owning the hotel checks it against the booking
 * (CONFIRMED → CHECKED_IN → CHECKED_OUT, CONFIRMED → NO_SHOW) and emits the event.
 *
 * <p>The use case, with its ownership check and audit entry, is {@link FrontDesk}. The {@code
 * Idempotency-Key} header is optional: without it the key is the booking and the action, so repeating
 * a transition returns its first result instead of INVALID_TRANSITION.
 */
public final class FrontDeskController {

    private final FrontDesk frontDesk;

    public FrontDeskController(FrontDesk frontDesk) {
        this.frontDesk = frontDesk;
    }

    public void checkIn(Context ctx) {
        transition(ctx, FrontDeskAction.CHECK_IN);
    }

    public void checkOut(Context ctx) {
        transition(ctx, FrontDeskAction.CHECK_OUT);
    }

    public void noShow(Context ctx) {
        transition(ctx, FrontDeskAction.NO_SHOW);
    }

    private void transition(Context ctx, FrontDeskAction action) {
        Principal principal = Principal.partner(ctx);
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String bookingId = Ids.require("bookingId", ctx.pathParam("bookingId"));
        String key = ctx.header("Idempotency-Key") == null
                ? "front-desk:" + bookingId + ":" + action
                : Requests.idempotencyKey(ctx);
        CompletableFuture<CommandOutcome> outcome = frontDesk.transition(principal, hotelId, bookingId, action, key);
        Responses.command(ctx, hotelId, outcome, (c, result) -> c.json(view(result.getBooking())));
    }

    /** A booking as the front desk sees it after the transition. */
    public record BookingView(
            String bookingId,
            String hotelId,
            String roomTypeId,
            LocalDate checkIn,
            LocalDate checkOut,
            int quantity,
            String status,
            Instant updatedAt) {}

    private static Object view(Booking booking) {
        if (booking == null) {
            return Map.of("status", "ACCEPTED");
        }
        return new BookingView(
                booking.getBookingId(),
                booking.getHotelId(),
                booking.getRoomTypeId(),
                booking.getCheckIn(),
                booking.getCheckOut(),
                booking.getQuantity(),
                booking.getStatus().name(),
                booking.getUpdatedAt());
    }
}
