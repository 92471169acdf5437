package io.innflow.connectors.catalog;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of {@code room_types}, on the caller's connection (and so inside its transaction). */
public final class RoomTypes {

    private static final String WITH_SPANS = "SELECT rt.room_type_id, rt.code, rt.name, rt.capacity,"
            + " rt.total_rooms, rt.base_price_minor, rt.overbooking_allowance, rt.active,"
            + " (SELECT count(*) FROM room_nights n WHERE n.hotel_id = rt.hotel_id AND n.room_type_id = rt.room_type_id),"
            + " (SELECT min(night) FROM room_nights n WHERE n.hotel_id = rt.hotel_id AND n.room_type_id = rt.room_type_id),"
            + " (SELECT max(night) FROM room_nights n WHERE n.hotel_id = rt.hotel_id AND n.room_type_id = rt.room_type_id)"
            + " FROM room_types rt";

    private RoomTypes() {}

    /** The hotel's room types by id, each with its span of nights. */
    public static List<RoomTypeRow> ofHotel(Connection c, String hotelId) throws SQLException {
        List<RoomTypeRow> types = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement(WITH_SPANS + " WHERE rt.hotel_id = ? ORDER BY rt.room_type_id")) {
            ps.setString(1, hotelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.add(read(rs));
                }
            }
        }
        return types;
    }

    /** One room type without its span of nights; {@code forUpdate} locks its row. */
    public static Optional<RoomTypeRow> find(Connection c, String hotelId, String roomTypeId, boolean forUpdate)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT rt.room_type_id, rt.code, rt.name, rt.capacity, rt.total_rooms, rt.base_price_minor,"
                        + " rt.overbooking_allowance, rt.active, 0, NULL::date, NULL::date FROM room_types rt"
                        + " WHERE rt.hotel_id = ? AND rt.room_type_id = ?" + (forUpdate ? " FOR NO KEY UPDATE" : ""))) {
            ps.setString(1, hotelId);
            ps.setString(2, roomTypeId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    public static void insert(Connection c, String hotelId, RoomTypeRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO room_types (hotel_id, room_type_id, code,"
                + " name, capacity, total_rooms, base_price_minor, overbooking_allowance, active)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, hotelId);
            ps.setString(2, r.roomTypeId());
            ps.setString(3, r.code());
            ps.setString(4, r.name());
            ps.setInt(5, r.capacity());
            ps.setInt(6, r.totalRooms());
            ps.setLong(7, r.basePriceMinor());
            ps.setInt(8, r.overbookingAllowance());
            ps.setBoolean(9, r.active());
            ps.executeUpdate();
        }
    }

    public static void update(Connection c, String hotelId, RoomTypeRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE room_types SET code = ?, name = ?, capacity = ?,"
                + " total_rooms = ?, base_price_minor = ?, overbooking_allowance = ?, active = ?"
                + " WHERE hotel_id = ? AND room_type_id = ?")) {
            ps.setString(1, r.code());
            ps.setString(2, r.name());
            ps.setInt(3, r.capacity());
            ps.setInt(4, r.totalRooms());
            ps.setLong(5, r.basePriceMinor());
            ps.setInt(6, r.overbookingAllowance());
            ps.setBoolean(7, r.active());
            ps.setString(8, hotelId);
            ps.setString(9, r.roomTypeId());
            ps.executeUpdate();
        }
    }

    private static RoomTypeRow read(ResultSet rs) throws SQLException {
        Date first = rs.getDate(10);
        Date last = rs.getDate(11);
        return new RoomTypeRow(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getInt(4),
                rs.getInt(5),
                rs.getLong(6),
                rs.getInt(7),
                rs.getBoolean(8),
                rs.getLong(9),
                first == null ? null : first.toLocalDate(),
                last == null ? null : last.toLocalDate());
    }
}
