package io.innflow.connectors.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only {@code audit_log} table: who changed what and when, with a before/after summary.
 * An entry is written on the connection of the change, inside its transaction, so a change and its
 * entry commit together or not at all.
 */
public final class AuditLog {

    /** The most entries one page may hold. */
    public static final int MAX_PAGE = 500;

    private final ObjectMapper json;

    public AuditLog(ObjectMapper json) {
        this.json = json;
    }

    /** What {@link #record} wrote. */
    public record Recorded(long auditId, Instant at) {}

    /** Writes the entry of a change, its summary holding {@code before} and {@code after}. */
    public Recorded recordChange(
            Connection c, Actor actor, String action, String hotelId, String target, Object before, Object after)
            throws SQLException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("before", before);
        summary.put("after", after);
        return record(c, actor, action, hotelId, target, summary);
    }

    /** Writes one entry inside the caller's transaction. */
    public Recorded record(Connection c, Actor actor, String action, String hotelId, String target, Object summary)
            throws SQLException {
        return record(c, actor, action, hotelId, target, summary, null);
    }

    /**
     * Writes one entry inside the caller's transaction, once per {@code requestId}: for a change made
     * by a command, whose repeats return its first result. Returns null when the request id was
     * recorded already.
     */
    public Recorded record(
            Connection c, Actor actor, String action, String hotelId, String target, Object summary, String requestId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log"
                + " (actor_role, actor, action, hotel_id, target, summary, request_id)"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)"
                + " ON CONFLICT (request_id) WHERE request_id IS NOT NULL DO NOTHING RETURNING audit_id, at")) {
            ps.setString(1, actor.role().name());
            ps.setString(2, actor.id());
            ps.setString(3, action);
            ps.setString(4, hotelId);
            ps.setString(5, target);
            ps.setString(6, toJson(summary));
            ps.setString(7, requestId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? new Recorded(rs.getLong(1), rs.getTimestamp(2).toInstant())
                        : null;
            }
        }
    }

    /**
     * Filters of a page of the log, newest first.
     *
     * @param hotelId only entries about this hotel (null: all)
     * @param actor only entries by this partner or admin (null: all)
     * @param action only this action (null: all)
     * @param before only entries with a smaller id (null: from the newest); the cursor of the next page
     * @param limit at most this many entries
     */
    public record Query(String hotelId, String actor, String action, Long before, int limit) {}

    /** A page of entries, newest first; {@code nextBefore} is the cursor of the next page, or null. */
    public record Page(List<AuditEntry> entries, Long nextBefore) {}

    public Page page(Connection c, Query q) throws SQLException {
        StringBuilder sql = new StringBuilder(
                "SELECT audit_id, at, actor_role, actor, action, hotel_id, target, summary::text FROM audit_log WHERE true");
        List<Object> args = new ArrayList<>();
        if (q.hotelId() != null) {
            sql.append(" AND hotel_id = ?");
            args.add(q.hotelId());
        }
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            sql.append(" AND action = ?");
            args.add(q.action());
        }
        if (q.before() != null) {
            sql.append(" AND audit_id < ?");
            args.add(q.before());
        }
        sql.append(" ORDER BY audit_id DESC LIMIT ?");
        args.add(q.limit() + 1);
        List<AuditEntry> entries = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(2);
                    entries.add(new AuditEntry(
                            rs.getLong(1),
                            at.toInstant(),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            readJson(rs.getString(8))));
                }
            }
        }
        if (entries.size() > q.limit()) {
            entries.remove(entries.size() - 1);
            return new Page(entries, entries.get(entries.size() - 1).auditId());
        }
        return new Page(entries, null);
    }

    private String toJson(Object summary) {
        try {
            return json.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit summary is not serialisable", e);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode readJson(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit summary is not JSON", e);
        }
    }
}
