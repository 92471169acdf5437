package io.innflow.connectors.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The SQL of the content columns of {@code hotels} and {@code room_types}, on the caller's connection. */
public final class Contents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<HotelContentRow.PhotoRow>> PHOTOS = new TypeReference<>() {};

    private Contents() {}

    public static Optional<HotelContentRow> hotel(Connection c, String hotelId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT description, star_rating, address, latitude,"
                + " longitude, amenities, photos::text, check_in_time, check_out_time, cancellation_policy,"
                + " free_cancellation FROM hotels WHERE hotel_id = ?")) {
            ps.setString(1, hotelId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new HotelContentRow(
                        rs.getString(1),
                        (Integer) rs.getObject(2, Integer.class),
                        rs.getString(3),
                        (Double) rs.getObject(4, Double.class),
                        (Double) rs.getObject(5, Double.class),
                        texts(rs.getArray(6)),
                        photos(rs.getString(7)),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10),
                        rs.getBoolean(11)));
            }
        }
    }

    public static void updateHotel(Connection c, String hotelId, HotelContentRow r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE hotels SET description = ?, star_rating = ?,"
                + " address = ?, latitude = ?, longitude = ?, amenities = ?, photos = ?::jsonb, check_in_time = ?,"
                + " check_out_time = ?, cancellation_policy = ?, free_cancellation = ?, updated_at = now()"
                + " WHERE hotel_id = ?")) {
            ps.setString(1, r.description());
            ps.setObject(2, r.starRating(), Types.SMALLINT);
            ps.setString(3, r.address());
            ps.setObject(4, r.latitude(), Types.DOUBLE);
            ps.setObject(5, r.longitude(), Types.DOUBLE);
            ps.setArray(6, c.createArrayOf("text", r.amenities().toArray()));
            ps.setString(7, json(r.photos()));
            ps.setString(8, r.checkInTime());
            ps.setString(9, r.checkOutTime());
            ps.setString(10, r.cancellationPolicy());
            ps.setBoolean(11, r.freeCancellation());
            ps.setString(12, hotelId);
            ps.executeUpdate();
        }
    }

    /** The room type's content; {@code forUpdate} locks its row. */
    public static Optional<RoomTypeContentRow> roomType(
            Connection c, String hotelId, String roomTypeId, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT description, bed_type, size_m2, amenities, photos::text FROM room_types"
                        + " WHERE hotel_id = ? AND room_type_id = ?" + (forUpdate ? " FOR NO KEY UPDATE" : ""))) {
            ps.setString(1, hotelId);
            ps.setString(2, roomTypeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new RoomTypeContentRow(
                        rs.getString(1),
                        rs.getString(2),
                        (Integer) rs.getObject(3, Integer.class),
                        texts(rs.getArray(4)),
                        photos(rs.getString(5))));
            }
        }
    }

    public static void updateRoomType(Connection c, String hotelId, String roomTypeId, RoomTypeContentRow r)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE room_types SET description = ?, bed_type = ?,"
                + " size_m2 = ?, amenities = ?, photos = ?::jsonb WHERE hotel_id = ? AND room_type_id = ?")) {
            ps.setString(1, r.description());
            ps.setString(2, r.bedType());
            ps.setObject(3, r.sizeM2(), Types.INTEGER);
            ps.setArray(4, c.createArrayOf("text", r.amenities().toArray()));
            ps.setString(5, json(r.photos()));
            ps.setString(6, hotelId);
            ps.setString(7, roomTypeId);
            ps.executeUpdate();
        }
    }

    /** Photos as the jsonb column holds them. */
    static String json(List<HotelContentRow.PhotoRow> photos) {
        try {
            return JSON.writeValueAsString(photos);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<HotelContentRow.PhotoRow> photos(String json) throws SQLException {
        try {
            return List.copyOf(JSON.readValue(json, PHOTOS));
        } catch (JsonProcessingException e) {
            throw new SQLException("photos column is not a JSON array of photos", e);
        }
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : List.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
