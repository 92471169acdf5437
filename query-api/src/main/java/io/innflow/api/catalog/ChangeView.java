package io.innflow.api.catalog;

import io.innflow.connectors.catalog.Actor;
import io.innflow.connectors.catalog.AuditLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The answer to a partner or admin write: what changed, as committed to the catalog database. The
 * topology, and so search and availability, learn the change through CDC shortly after (see
 * docs/partner-api.md for the usual delay).
 *
 * @param changed false when the request matched what was stored already (nothing was written)
 * @param auditId the audit log entry of the change; null when nothing changed
 * @param committedAt when the transaction committed; null when nothing changed
 * @param action what was done, e.g. {@code hotel.create}
 * @param hotelId the hotel
 * @param target what inside the hotel, e.g. {@code room-type std}
 * @param before the values before the change (null for a creation)
 * @param after the values after it
 */
public record ChangeView(
        boolean changed,
        Long auditId,
        Instant committedAt,
        String action,
        String hotelId,
        String target,
        Object before,
        Object after) {

    /** A change written on {@code c}: appends its audit entry in the same transaction. */
    public static ChangeView recorded(
            AuditLog audit,
            Connection c,
            Actor actor,
            String action,
            String hotelId,
            String target,
            Object before,
            Object after)
            throws SQLException {
        AuditLog.Recorded recorded = audit.recordChange(c, actor, action, hotelId, target, before, after);
        return new ChangeView(true, recorded.auditId(), recorded.at(), action, hotelId, target, before, after);
    }

    /** A request that matched what was stored: nothing written, nothing audited. */
    public static ChangeView unchanged(String action, String hotelId, String target, Object current) {
        return new ChangeView(false, null, null, action, hotelId, target, current, current);
    }
}
