package io.innflow.connectors.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** Reads of {@code room_nights}; writes go through {@link NightsWriter}. */
public final class Nights {

    private Nights() {}

    /** The stored nights of one room type in [first, last], locked until the caller's transaction ends. */
    public static Map<LocalDate, NightRow> lockRange(
            Connection c, String hotelId, String roomTypeId, LocalDate first, LocalDate last) throws SQLException {
        Map<LocalDate, NightRow> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT night, allotment, price_minor, stop_sell, min_los,"
                + " max_los, closed_to_arrival, closed_to_departure FROM room_nights"
                + " WHERE hotel_id = ? AND room_type_id = ? AND night BETWEEN ? AND ? FOR NO KEY UPDATE")) {
            ps.setString(1, hotelId);
            ps.setString(2, roomTypeId);
            ps.setObject(3, first);
            ps.setObject(4, last);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LocalDate night = rs.getObject(1, LocalDate.class);
                    rows.put(
                            night,
                            new NightRow(
                                    roomTypeId,
                                    night,
                                    rs.getInt(2),
                                    rs.getLong(3),
                                    rs.getBoolean(4),
                                    (Integer) rs.getObject(5),
                                    (Integer) rs.getObject(6),
                                    rs.getBoolean(7),
                                    rs.getBoolean(8)));
                }
            }
        }
        return rows;
    }
}
