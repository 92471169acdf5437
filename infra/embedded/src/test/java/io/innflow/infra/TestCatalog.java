package io.innflow.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import javax.sql.DataSource;

/** Writes catalog rows into PostgreSQL, as a partner would; Debezium carries them to the nodes. */
final class TestCatalog {

    private final DataSource db;

    TestCatalog(DataSource db) {
        this.db = db;
    }

    /**
     * An approved hotel with one room type {@code std} offered for {@code nights} nights from {@code
     * first}.
     */
    void hotel(String hotelId, String city, int capacity, int allotment, long priceMinor, LocalDate first, int nights)
            throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement hotel = c.prepareStatement(
                            "insert into hotels (hotel_id, name, city, status) values (?, ?, ?, 'APPROVED')");
                    PreparedStatement roomType = c.prepareStatement(
                            "insert into room_types (hotel_id, room_type_id, code, name, capacity, total_rooms,"
                                    + " base_price_minor) values (?, 'std', 'STD', 'Standard', ?, ?, ?)");
                    PreparedStatement night = c.prepareStatement(
                            "insert into room_nights (hotel_id, room_type_id, night, allotment, price_minor)"
                                    + " values (?, 'std', ?, ?, ?)")) {
                hotel.setString(1, hotelId);
                hotel.setString(2, "Test " + hotelId);
                hotel.setString(3, city);
                hotel.executeUpdate();
                roomType.setString(1, hotelId);
                roomType.setInt(2, capacity);
                roomType.setInt(3, allotment);
                roomType.setLong(4, priceMinor);
                roomType.executeUpdate();
                for (int i = 0; i < nights; i++) {
                    night.setString(1, hotelId);
                    night.setObject(2, first.plusDays(i));
                    night.setInt(3, allotment);
                    night.setLong(4, priceMinor);
                    night.addBatch();
                }
                night.executeBatch();
            }
            c.commit();
        }
    }

    /** Runs one statement, e.g. a restriction on some night. */
    void update(String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }
}
