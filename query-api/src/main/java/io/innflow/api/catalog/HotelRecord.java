package io.innflow.api.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A row of {@code hotels} as the partner and admin API show it. */
public record HotelRecord(
        String hotelId,
        String name,
        String city,
        String currency,
        String timeZone,
        String status,
        String partnerId,
        Instant createdAt,
        Instant updatedAt) {

    /** The columns {@link #read} expects, in order. */
    public static final String COLUMNS =
            "hotel_id, name, city, currency, time_zone, status, partner_id, created_at, updated_at";

    /**
     * The hotel row, or null. {@code lock} is a row-locking clause such as {@code FOR KEY SHARE} (keeps
     * the hotel from being deleted without blocking an admin's approval), or empty.
     */
    public static HotelRecord find(Connection c, String hotelId, String lock) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM hotels WHERE hotel_id = ? " + lock)) {
            ps.setString(1, hotelId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    public static HotelRecord read(ResultSet rs) throws SQLException {
        return new HotelRecord(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4).trim(),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant());
    }

    /** The fields a partner edits, with the status: the before/after of an audit entry. */
    public Map<String, Object> summary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("city", city);
        m.put("currency", currency);
        m.put("timeZone", timeZone);
        m.put("status", status);
        return m;
    }
}
