package io.innflow.api.partner;

import io.innflow.api.catalog.Actors;
import io.innflow.api.http.Principal;
import io.innflow.api.reservation.CommandOutcome;
import io.innflow.connectors.catalog.Actor;
import io.innflow.connectors.catalog.AuditLog;
import io.innflow.connectors.catalog.CatalogDatabase;
import io.innflow.schemas.reservation.Booking;
import io.innflow.schemas.reservation.FrontDeskAction;
import io.innflow.schemas.reservation.FrontDeskTransition;
import io.innflow.schemas.reservation.ReservationResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front desk of a hotel's partner moves a booking along (check-in, check-out, no-show): the
 * transition is a command through Kafka like a guest's; the task owning the hotel checks it against
 * the booking and emits the event. An accepted transition is then audited.
 */
public final class FrontDesk {

    private static final Logger LOG = LoggerFactory.getLogger(FrontDesk.class);

    private final PartnerCatalog catalog;
    private final BookingCommands commands;
    private final CatalogDatabase db;
    private final AuditLog audit;
    private final Executor auditExecutor;

    public FrontDesk(
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

    /** Sends the transition once the hotel is found to be the partner's; completes with its outcome. */
    public CompletableFuture<CommandOutcome> transition(
            Principal principal, String hotelId, String bookingId, FrontDeskAction action, String idempotencyKey) {
        Actor partner = Actors.partner(principal);
        catalog.requireOwned(partner, hotelId);
        return commands.submit(principal, hotelId, idempotencyKey, new FrontDeskTransition(bookingId, action))
                .thenApplyAsync(
                        o -> {
                            if (o instanceof CommandOutcome.Accepted accepted) {
                                audit(partner, hotelId, bookingId, action, accepted.result());
                            }
                            return o;
                        },
                        auditExecutor);
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
}
