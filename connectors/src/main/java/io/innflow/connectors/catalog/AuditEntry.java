package io.innflow.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One change in the audit log.
 *
 * @param auditId increasing id of the entry
 * @param at when the change's transaction ran
 * @param actorRole {@code PARTNER} or {@code ADMIN}
 * @param actor the partner's or admin's id
 * @param action what was done, e.g. {@code hotel.create}, {@code nights.upload}, {@code hotel.approve}
 * @param hotelId the hotel concerned
 * @param target what inside the hotel, e.g. {@code room-type std}
 * @param summary before/after summary of the change
 */
public record AuditEntry(
        long auditId,
        Instant at,
        String actorRole,
        String actor,
        String action,
        String hotelId,
        String target,
        JsonNode summary) {}
