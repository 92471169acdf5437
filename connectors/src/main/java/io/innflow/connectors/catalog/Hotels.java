package io.innflow.connectors.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code hotels}, on the caller's connection (and so inside its transaction). */
public final class Hotels {

    /** A row lock taken while reading a hotel. */
    public enum Lock {
        NONE(""),
        /** Keeps the hotel from being deleted without blocking an admin's approval. */
        KEY_SHARE(" FOR KEY SHARE"),
        /** Taken before the hotel's own row is updated. */
        NO_KEY_UPDATE(" FOR NO KEY UPDATE");

        private final String clause;

        Lock(String clause) {
            this.clause = clause;
        }
    }

    /** A hotel in an admin's list, with how much catalog it has. */
    public record Summary(HotelRow hotel, long roomTypes, long nights) {}

    /** Where a page of hotels ordered by creation ends: the creation time and id of its last hotel. */
    public record Cursor(Instant createdAt, String hotelId) {}

    private static final String COLUMNS =
            "h.hotel_id, h.name, h.city, h.currency, h.time_zone, h.status, h.partner_id, h.created_at, h.updated_at";

    private Hotels() {}

    public static Optional<HotelRow> find(Connection c, String hotelId, Lock lock) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM hotels h WHERE h.hotel_id = ?" + lock.clause)) {
            ps.setString(1, hotelId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Inserts a PENDING hotel owned by {@code partnerId}; empty when the id is taken. */
    public static Optional<HotelRow> insertPending(
            Connection c, String hotelId, String name, String city, String currency, String timeZone, String partnerId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hotels AS h"
                + " (hotel_id, name, city, currency, time_zone, status, partner_id)"
                + " VALUES (?, ?, ?, ?, ?, 'PENDING', ?) ON CONFLICT (hotel_id) DO NOTHING RETURNING " + COLUMNS)) {
            ps.setString(1, hotelId);
            ps.setString(2, name);
            ps.setString(3, city);
            ps.setString(4, currency);
            ps.setString(5, timeZone);
            ps.setString(6, partnerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Writes the partner-editable fields of {@code hotel}. */
    public static void update(Connection c, HotelRow hotel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE hotels SET name = ?, city = ?, currency = ?,"
                + " time_zone = ?, updated_at = now() WHERE hotel_id = ?")) {
            ps.setString(1, hotel.name());
            ps.setString(2, hotel.city());
            ps.setString(3, hotel.currency());
            ps.setString(4, hotel.timeZone());
            ps.setString(5, hotel.hotelId());
            ps.executeUpdate();
        }
    }

    public static void setStatus(Connection c, String hotelId, String status) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE hotels SET status = ?, updated_at = now() WHERE hotel_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, hotelId);
            ps.executeUpdate();
        }
    }

    /** The partner's hotels, by id. */
    public static List<HotelRow> ofPartner(Connection c, String partnerId) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM hotels h WHERE h.partner_id = ? ORDER BY h.hotel_id")) {
            ps.setString(1, partnerId);
            List<HotelRow> hotels = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hotels.add(read(rs));
                }
            }
            return hotels;
        }
    }

    /**
     * Up to {@code limit} hotels of one status, oldest first, after {@code after} (null: from the
     * oldest), with their room type and night counts.
     */
    public static List<Summary> withStatus(Connection c, String status, Cursor after, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + ","
                + " (SELECT count(*) FROM room_types rt WHERE rt.hotel_id = h.hotel_id),"
                + " (SELECT count(*) FROM room_nights n WHERE n.hotel_id = h.hotel_id)"
                + " FROM hotels h WHERE h.status = ?"
                + (after == null ? "" : " AND (h.created_at, h.hotel_id) > (?, ?)")
                + " ORDER BY h.created_at, h.hotel_id LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, status);
            if (after != null) {
                ps.setTimestamp(i++, Timestamp.from(after.createdAt()));
                ps.setString(i++, after.hotelId());
            }
            ps.setInt(i, limit);
            List<Summary> hotels = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    hotels.add(new Summary(read(rs), rs.getLong(10), rs.getLong(11)));
                }
            }
            return hotels;
        }
    }

    private static HotelRow read(ResultSet rs) throws SQLException {
        return new HotelRow(
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
}
