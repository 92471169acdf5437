package io.innflow.connectors.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.connectors.CatalogMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analytics views over event rows shaped as the events sink writes them (payload: the union as
 * {@code {"<EventType>": {...}}}), on a real PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AnalyticsSchemaTest {

    @TempDir
    static Path dir;

    private EmbeddedPostgres postgres;
    private DataSource db;

    @BeforeAll
    void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir).start();
        db = postgres.getPostgresDatabase();
        CatalogMigrations.migrate(db);
        // h-1 placed then confirmed as b-1, later cancelled; h-2 placed and expired; b-2 booked directly.
        insertEvent("e1", "2027-01-05T10:00:00Z", "HoldPlaced", "hold", hold("h-1", "ACTIVE", "2027-01-05T10:00:00Z"));
        insertEvent(
                "e2",
                "2027-01-05T10:01:00Z",
                "BookingConfirmed",
                "booking",
                booking("b-1", "h-1", "CONFIRMED", "2027-01-05T10:01:00Z"));
        insertEvent(
                "e3",
                "2027-01-06T09:00:00Z",
                "BookingCancelled",
                "booking",
                booking("b-1", "h-1", "CANCELLED", "2027-01-06T09:00:00Z"));
        insertEvent("e4", "2027-01-05T11:00:00Z", "HoldPlaced", "hold", hold("h-2", "ACTIVE", "2027-01-05T11:00:00Z"));
        insertEvent(
                "e5", "2027-01-05T11:15:00Z", "HoldExpired", "hold", hold("h-2", "EXPIRED", "2027-01-05T11:15:00Z"));
        insertEvent(
                "e6",
                "2027-01-07T08:00:00Z",
                "BookingConfirmed",
                "booking",
                booking("b-2", null, "CONFIRMED", "2027-01-07T08:00:00Z"));
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void shouldNameEachEventByItsPayload() throws SQLException {
        assertThat(rows("SELECT event_id || ':' || event_type FROM analytics.reservation_events ORDER BY event_id"))
                .containsExactly(
                        "e1:HoldPlaced",
                        "e2:BookingConfirmed",
                        "e3:BookingCancelled",
                        "e4:HoldPlaced",
                        "e5:HoldExpired",
                        "e6:BookingConfirmed");
    }

    @Test
    void shouldShowEachBookingOnceInItsLatestState() throws SQLException {
        assertThat(rows("SELECT booking_id || ':' || status || ':' || coalesce(hold_id, '-') || ':' || room_nights"
                        + " || ':' || total_minor || ':' || booked_at FROM analytics.bookings ORDER BY booking_id"))
                .containsExactly(
                        "b-1:CANCELLED:h-1:4:51000:2027-01-05 10:01:00+00",
                        "b-2:CONFIRMED:-:4:51000:2027-01-07 08:00:00+00");
    }

    @Test
    void shouldShowEachHoldOnceWithTheBookingItBecame() throws SQLException {
        assertThat(rows("SELECT hold_id || ':' || status || ':' || coalesce(booking_id, '-') FROM analytics.holds"
                        + " ORDER BY hold_id"))
                .containsExactly("h-1:CONFIRMED:b-1", "h-2:EXPIRED:-");
    }

    @Test
    void shouldListEveryBookedNightWithItsOwnPrice() throws SQLException {
        assertThat(rows("SELECT booking_id || ':' || night || ':' || price_minor || ':' || revenue_minor"
                        + " FROM analytics.booking_nights ORDER BY booking_id, night"))
                .containsExactly(
                        "b-1:2027-03-01:12000:24000",
                        "b-1:2027-03-02:13500:27000",
                        "b-2:2027-03-01:12000:24000",
                        "b-2:2027-03-02:13500:27000");
    }

    private static String hold(String holdId, String status, String updatedAt) {
        return "{\"holdId\":\"" + holdId
                + "\",\"hotelId\":\"hotel-1\",\"roomTypeId\":\"dbl\",\"checkIn\":\"2027-03-01\","
                + "\"checkOut\":\"2027-03-03\",\"quantity\":2," + nights()
                + ",\"totalMinor\":51000,\"currency\":\"EUR\","
                + "\"status\":\"" + status + "\",\"requestId\":\"r-" + holdId
                + "\",\"createdAt\":\"2027-01-05T10:00:00Z\","
                + "\"expiresAt\":\"2027-01-05T11:15:00Z\",\"updatedAt\":\"" + updatedAt + "\"}";
    }

    private static String booking(String bookingId, String holdId, String status, String updatedAt) {
        return "{\"bookingId\":\"" + bookingId + "\",\"hotelId\":\"hotel-1\",\"roomTypeId\":\"dbl\","
                + "\"checkIn\":\"2027-03-01\",\"checkOut\":\"2027-03-03\",\"quantity\":2," + nights()
                + ",\"totalMinor\":51000,\"currency\":\"EUR\",\"status\":\"" + status + "\","
                + (holdId != null ? "\"holdId\":\"" + holdId + "\"," : "")
                + "\"requestId\":\"r-" + bookingId + "\",\"paymentReference\":\"pay-1\","
                + "\"createdAt\":\"" + (bookingId.equals("b-1") ? "2027-01-05T10:01:00Z" : "2027-01-07T08:00:00Z")
                + "\","
                + "\"updatedAt\":\"" + updatedAt + "\"}";
    }

    private static String nights() {
        return "\"nights\":[{\"night\":\"2027-03-01\",\"priceMinor\":12000},{\"night\":\"2027-03-02\",\"priceMinor\":13500}]";
    }

    private void insertEvent(String eventId, String occurredAt, String type, String field, String entity)
            throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO analytics.reservation_events"
                        + " (event_id, hotel_id, occurred_at, payload)"
                        + " VALUES (?, 'hotel-1', (?::timestamptz AT TIME ZONE 'UTC'), ?::jsonb)")) {
            s.setString(1, eventId);
            s.setString(2, occurredAt);
            s.setString(3, "{\"" + type + "\":{\"" + field + "\":" + entity + "}}");
            s.executeUpdate();
        }
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("SET TIME ZONE 'UTC'")) {
            s.execute();
            try (ResultSet r = c.createStatement().executeQuery(sql)) {
                while (r.next()) {
                    rows.add(r.getString(1));
                }
            }
        }
        return rows;
    }
}
