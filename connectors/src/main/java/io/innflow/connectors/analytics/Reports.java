package io.innflow.connectors.analytics;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The partner reports' SQL over the analytics schema ({@code analytics.performance} and {@code
 * analytics.booking_pace}, migration V11), on the caller's connection. See docs/partner-reports.md.
 */
public final class Reports {

    private Reports() {}

    /**
     * Allotment, sales and their ratios for stay nights [from, to) of one room type and night, of one room type
     * ({@code night} null) or of the hotel ({@code roomTypeId} and {@code night} null). Money in minor units.
     *
     * @param occupancy room nights sold ÷ allotment, 4 places; null without allotment
     * @param adrMinor revenue ÷ room nights sold, 2 places; null when nothing was sold
     * @param revparMinor revenue ÷ allotment, 2 places; null without allotment
     */
    public record PerformanceRow(
            String roomTypeId,
            LocalDate night,
            long allotment,
            long roomNightsSold,
            long revenueMinor,
            String currency,
            BigDecimal occupancy,
            BigDecimal adrMinor,
            BigDecimal revparMinor) {}

    /**
     * Room nights on the books {@code daysBefore} days before the first night of the period and of the
     * previous period, for one room type or the hotel ({@code roomTypeId} null); a figure is null for a
     * booking date that has not come yet.
     */
    public record PaceRow(
            String roomTypeId,
            int daysBefore,
            LocalDate bookingDate,
            Long roomNights,
            LocalDate previousBookingDate,
            Long previousRoomNights) {}

    /** The performance rows of one hotel's stay nights [from, to): by room type and night, room type, hotel. */
    public static List<PerformanceRow> performance(Connection c, String hotelId, LocalDate from, LocalDate to)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT room_type_id, night, allotment, room_nights_sold,"
                + " revenue_minor, currency, occupancy, adr_minor, revpar_minor"
                + " FROM analytics.performance(?, ?, ?)")) {
            ps.setString(1, hotelId);
            ps.setObject(2, from);
            ps.setObject(3, to);
            List<PerformanceRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new PerformanceRow(
                            rs.getString("room_type_id"),
                            rs.getObject("night", LocalDate.class),
                            rs.getLong("allotment"),
                            rs.getLong("room_nights_sold"),
                            rs.getLong("revenue_minor"),
                            rs.getString("currency"),
                            rs.getBigDecimal("occupancy"),
                            rs.getBigDecimal("adr_minor"),
                            rs.getBigDecimal("revpar_minor")));
                }
            }
            return rows;
        }
    }

    /**
     * The booking pace of one hotel's stay nights [from, to) against [from - L, from), L the period's length,
     * for {@code days} .. 0 days before each period's first night; figures after {@code asOf} are null.
     */
    public static List<PaceRow> pace(
            Connection c, String hotelId, LocalDate from, LocalDate to, int days, LocalDate asOf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT room_type_id, days_before, booking_date, room_nights,"
                + " previous_booking_date, previous_room_nights FROM analytics.booking_pace(?, ?, ?, ?, ?)")) {
            ps.setString(1, hotelId);
            ps.setObject(2, from);
            ps.setObject(3, to);
            ps.setInt(4, days);
            ps.setObject(5, asOf);
            List<PaceRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new PaceRow(
                            rs.getString("room_type_id"),
                            rs.getInt("days_before"),
                            rs.getObject("booking_date", LocalDate.class),
                            nullableLong(rs, "room_nights"),
                            rs.getObject("previous_booking_date", LocalDate.class),
                            nullableLong(rs, "previous_room_nights")));
                }
            }
            return rows;
        }
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
