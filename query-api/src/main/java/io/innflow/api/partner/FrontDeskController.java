package io.innflow.api.partner;

import io.innflow.api.catalog.Actor;
import io.innflow.api.catalog.AuditLog;
import io.innflow.api.catalog.CatalogDatabase;
import io.innflow.api.http.Ids;
import io.innflow.api.http.Principal;
import io.innflow.api.http.Requests;
import io.innflow.api.http.Responses;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.FrontDeskAction;
import io.innflow.schemas.reservation.FrontDeskTransition;
import io.innflow.schemas.reservation.ReservationResult;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/partner/hotels/{hotelId}/bookings/{bookingId}/check-in}, {@code /check-out} and
 * {@code /no-show}: the front desk of the hotel's partner moves a booking along. The transition is a
 * command through Kafka like a guest's; the task owning the hotel checks it against the booking
 * (CONFIRMED → CHECKED_IN → CHECKED_OUT, CONFIRMED → NO_SHOW) and emits the event.
 *
 * <p>The {@code Idempotency-Key} header is optional: without it the key is the booking and the
 * action, so repeating a transition returns its first result instead of INVALID_TRANSITION.
 */
public final class FrontDeskController {

    private static final Logger LOG = LoggerFactory.getLogger(FrontDeskController.class);

    private final PartnerCatalog catalog;
    private final BookingCommands commands;
    private final CatalogDatabase db;
    private final AuditLog audit;
    private final Executor auditExecutor;

    public FrontDeskController(
            PartnerCatalog catalog,
            BookingCommands commands,
            CatalogDatabase db,
            AuditLog audit,
            Executor auditExecutor) {
        this.catalog = catalog;
        this.commands = commands;
        this.db = db;
        this.audit = audit;
        this.auditExecutor = auditExecutor;
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
        Actor partner = Actor.partner(principal);
        String hotelId = Ids.require("hotelId", ctx.pathParam("hotelId"));
        String bookingId = Ids.require("bookingId", ctx.pathParam("bookingId"));
        String key = ctx.header("Idempotency-Key") == null
                ? "front-desk:" + bookingId + ":" + action
                : Requests.idempotencyKey(ctx);
        catalog.requireOwned(partner, hotelId);
        CompletableFuture<CommandOutcome> outcome = commands.submit(
                        principal, hotelId, key, new FrontDeskTransition(bookingId, action))
                .thenApplyAsync(
                        o -> {
                            if (o instanceof CommandOutcome.Accepted accepted) {
                                audit(partner, hotelId, bookingId, action, accepted.result());
                            }
                            return o;
                        },
                        auditExecutor);
        Responses.command(ctx, hotelId, outcome, (c, result) -> c.json(view(result.getBooking())));
    }

    /**
     * The transition is in Kafka already; its audit entry follows in its own transaction, once per
     * request id (a repeated transition answers its first result and is not audited again). A failure
     * to write it is logged, not answered: the booking event on reservation-events is the record.
     */
    private void audit(
            Actor partner, String hotelId, String bookingId, FrontDeskAction action, ReservationResult result) {
        try {
            Booking booking = result.getBooking();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("status", booking == null ? null : booking.getStatus().name());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("after", after);
            summary.put("requestId", result.getRequestId());
            db.inTransaction(c -> audit.record(
                    c,
                    partner,
                    "booking." + action.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    hotelId,
                    "booking " + bookingId,
                    summary,
                    result.getRequestId()));
        } catch (RuntimeException e) {
            LOG.warn("Audit entry of {} on booking {} of hotel {} not written", action, bookingId, hotelId, e);
        }
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
