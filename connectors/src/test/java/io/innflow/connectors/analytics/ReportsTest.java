package io.innflow.connectors.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.connectors.CatalogMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report SQL (migration V11) over a seeded set of bookings and availability snapshots, written as the
 * sinks write them, against the same numbers computed here in Java from the seed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReportsTest {

    private static final String HOTEL = "hotel-r";
    private static final List<String> ROOM_TYPES = List.of("dbl", "std");
    private static final LocalDate FROM = LocalDate.parse("2027-03-01");
    private static final LocalDate TO = LocalDate.parse("2027-03-15");
    private static final Set<String> SOLD = Set.of("CONFIRMED", "CHECKED_IN", "CHECKED_OUT", "NO_SHOW");
    private static final Map<String, String> EVENT_OF_STATUS = Map.of(
            "CONFIRMED", "BookingConfirmed",
            "CANCELLED", "BookingCancelled",
            "CHECKED_IN", "BookingCheckedIn",
            "CHECKED_OUT", "BookingCheckedOut",
            "NO_SHOW", "BookingNoShow");
    private static final List<String> STATUSES =
            List.of("CONFIRMED", "CANCELLED", "CHECKED_IN", "CHECKED_OUT", "NO_SHOW");

    @TempDir
    static Path dir;

    private EmbeddedPostgres postgres;
    private DataSource db;
    private final List<Seeded> bookings = new ArrayList<>();
    private final Map<String, Integer> allotments = new HashMap<>();
    private int events;

    /** A booking as seeded: its nights' prices, its final status and when it was booked and last changed. */
    private record Seeded(
            String id,
            String hotelId,
            String roomTypeId,
            LocalDate checkIn,
            List<Long> prices,
            int quantity,
            String status,
            Instant bookedAt,
            Instant updatedAt) {

        LocalDate checkOut() {
            return checkIn.plusDays(prices.size());
        }

        LocalDate bookingDate() {
            return bookedAt.atZone(ZoneOffset.UTC).toLocalDate();
        }

        LocalDate cancellationDate() {
            return status.equals("CANCELLED") ? updatedAt.atZone(ZoneOffset.UTC).toLocalDate() : null;
        }
    }

    @BeforeAll
    void seed() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir).start();
        db = postgres.getPostgresDatabase();
        CatalogMigrations.migrate(db);
        Random random = new Random(20270301L);
        // Snapshots for the period, its previous period and a little more; a few nights have none.
        for (String roomType : ROOM_TYPES) {
            for (LocalDate night = FROM.minusDays(20); night.isBefore(TO.plusDays(5)); night = night.plusDays(1)) {
                if (random.nextInt(10) == 0) {
                    continue;
                }
                int allotment = 4 + random.nextInt(8);
                allotments.put(roomType + "/" + night, allotment);
                insertNight(HOTEL, roomType, night, allotment);
            }
        }
        insertNight("hotel-other", "dbl", FROM, 99);
        for (int i = 0; i < 80; i++) {
            String roomType = ROOM_TYPES.get(random.nextInt(ROOM_TYPES.size()));
            LocalDate checkIn = FROM.minusDays(18).plusDays(random.nextInt(36));
            List<Long> prices = new ArrayList<>();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                prices.add(8_000L + 50L * random.nextInt(150));
            }
            String status = STATUSES.get(random.nextInt(STATUSES.size()));
            Instant bookedAt = checkIn.atStartOfDay(ZoneOffset.UTC)
                    .toInstant()
                    .minusSeconds(3_600L * (1 + random.nextInt(24 * 50)));
            Instant updatedAt =
                    status.equals("CONFIRMED") ? bookedAt : bookedAt.plusSeconds(3_600L * random.nextInt(24 * 20));
            seedBooking(new Seeded(
                    "b-" + i, HOTEL, roomType, checkIn, prices, 1 + random.nextInt(3), status, bookedAt, updatedAt));
        }
        // Edge cases: booked and cancelled the same day (never on the books at a day's end), another hotel.
        Instant morning = Instant.parse("2027-02-20T08:00:00Z");
        seedBooking(new Seeded(
                "b-same-day", HOTEL, "dbl", FROM, List.of(10_000L), 2, "CANCELLED", morning, morning.plusSeconds(600)));
        seedBooking(
                new Seeded("b-other", "hotel-other", "dbl", FROM, List.of(10_000L), 5, "CONFIRMED", morning, morning));
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void shouldReportOccupancyAdrAndRevparAsTheBookingsImply() throws SQLException {
        // Given the seeded bookings and snapshots; when the hotel's performance is read for [FROM, TO)
        List<Reports.PerformanceRow> rows;
        try (Connection c = db.getConnection()) {
            rows = Reports.performance(c, HOTEL, FROM, TO);
        }

        // Then every night, room type and the hotel carry the numbers computed here from the seed
        List<Reports.PerformanceRow> expected = new ArrayList<>();
        long hotelAllotment = 0;
        long hotelSold = 0;
        long hotelRevenue = 0;
        for (String roomType : ROOM_TYPES) {
            long typeAllotment = 0;
            long typeSold = 0;
            long typeRevenue = 0;
            for (LocalDate night = FROM; night.isBefore(TO); night = night.plusDays(1)) {
                long allotment = allotments.getOrDefault(roomType + "/" + night, 0);
                long sold = 0;
                long revenue = 0;
                for (Seeded b : bookings) {
                    int index = (int) (night.toEpochDay() - b.checkIn().toEpochDay());
                    if (b.hotelId().equals(HOTEL)
                            && b.roomTypeId().equals(roomType)
                            && SOLD.contains(b.status())
                            && index >= 0
                            && index < b.prices().size()) {
                        sold += b.quantity();
                        revenue += b.quantity() * b.prices().get(index);
                    }
                }
                if (allotment > 0 || sold > 0) {
                    expected.add(row(roomType, night, allotment, sold, revenue));
                }
                typeAllotment += allotment;
                typeSold += sold;
                typeRevenue += revenue;
            }
            expected.add(row(roomType, null, typeAllotment, typeSold, typeRevenue));
            hotelAllotment += typeAllotment;
            hotelSold += typeSold;
            hotelRevenue += typeRevenue;
        }
        expected.add(row(null, null, hotelAllotment, hotelSold, hotelRevenue));
        assertThat(rows).containsExactlyElementsOf(expected);
        assertThat(hotelSold).as("the seed sells rooms in the period").isPositive();
    }

    @Test
    void shouldReportPaceAgainstThePreviousPeriodAsTheBookingsImply() throws SQLException {
        // Given the seeded bookings; when the pace of [FROM, TO) is read 30 days back, known up to FROM - 5
        LocalDate asOf = FROM.minusDays(5);
        List<Reports.PaceRow> rows;
        try (Connection c = db.getConnection()) {
            rows = Reports.pace(c, HOTEL, FROM, TO, 30, asOf);
        }

        // Then each room type's and the hotel's series equals what was on the books at each booking date's end
        long length = TO.toEpochDay() - FROM.toEpochDay();
        LocalDate previousFrom = FROM.minusDays(length);
        List<Reports.PaceRow> expected = new ArrayList<>();
        for (String roomType : ROOM_TYPES) {
            for (int k = 30; k >= 0; k--) {
                expected.add(paceRow(roomType, k, asOf, previousFrom));
            }
        }
        for (int k = 30; k >= 0; k--) {
            expected.add(paceRow(null, k, asOf, previousFrom));
        }
        assertThat(rows).containsExactlyElementsOf(expected);
        assertThat(rows).anySatisfy(r -> assertThat(r.roomNights()).isPositive());
        assertThat(rows).anySatisfy(r -> assertThat(r.roomNights()).isNull());
    }

    @Test
    void shouldReportNothingForAHotelWithoutData() throws SQLException {
        try (Connection c = db.getConnection()) {
            assertThat(Reports.performance(c, "hotel-none", FROM, TO))
                    .containsExactly(new Reports.PerformanceRow(null, null, 0, 0, 0, null, null, null, null));
            assertThat(Reports.pace(c, "hotel-none", FROM, TO, 10, TO)).isEmpty();
        }
    }

    private Reports.PaceRow paceRow(String roomType, int k, LocalDate asOf, LocalDate previousFrom) {
        LocalDate on = FROM.minusDays(k);
        LocalDate previousOn = previousFrom.minusDays(k);
        return new Reports.PaceRow(
                roomType,
                k,
                on,
                on.isAfter(asOf) ? null : onTheBooks(roomType, FROM, TO, on),
                previousOn,
                previousOn.isAfter(asOf) ? null : onTheBooks(roomType, previousFrom, FROM, previousOn));
    }

    /** Room nights of [from, to) of a room type (any when null) booked by the end of {@code date}, not yet cancelled. */
    private long onTheBooks(String roomType, LocalDate from, LocalDate to, LocalDate date) {
        long total = 0;
        for (Seeded b : bookings) {
            if (!b.hotelId().equals(HOTEL)
                    || (roomType != null && !b.roomTypeId().equals(roomType))) {
                continue;
            }
            boolean onBooks = !b.bookingDate().isAfter(date)
                    && (b.cancellationDate() == null || b.cancellationDate().isAfter(date));
            for (LocalDate night = b.checkIn(); onBooks && night.isBefore(b.checkOut()); night = night.plusDays(1)) {
                if (!night.isBefore(from) && night.isBefore(to)) {
                    total += b.quantity();
                }
            }
        }
        return total;
    }

    private static Reports.PerformanceRow row(
            String roomType, LocalDate night, long allotment, long sold, long revenue) {
        return new Reports.PerformanceRow(
                roomType,
                night,
                allotment,
                sold,
                revenue,
                "EUR",
                ratio(sold, allotment, 4),
                ratio(revenue, sold, 2),
                ratio(revenue, allotment, 2));
    }

    private static BigDecimal ratio(long numerator, long denominator, int places) {
        return denominator == 0
                ? null
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), places, RoundingMode.HALF_UP);
    }

    private void insertNight(String hotelId, String roomType, LocalDate night, int allotment) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO analytics.availability_nights (hotel_id,"
                        + " room_type_id, night, allotment, overbooking_allowance, held, sold, available, price_minor,"
                        + " currency, stop_sell, updated_at) VALUES (?, ?, ?, ?, 0, 0, 0, ?, 10000, 'EUR', false,"
                        + " now() AT TIME ZONE 'UTC')")) {
            s.setString(1, hotelId);
            s.setString(2, roomType);
            s.setObject(3, night);
            s.setInt(4, allotment);
            s.setInt(5, allotment);
            s.executeUpdate();
        }
    }

    /** The booking's events as the sink writes them: confirmed when booked, then its final status if another. */
    private void seedBooking(Seeded b) throws SQLException {
        bookings.add(b);
        insertEvent(b, "CONFIRMED", b.bookedAt());
        if (!b.status().equals("CONFIRMED")) {
            insertEvent(b, b.status(), b.updatedAt());
        }
    }

    private void insertEvent(Seeded b, String status, Instant updatedAt) throws SQLException {
        StringBuilder nights = new StringBuilder();
        long total = 0;
        for (int i = 0; i < b.prices().size(); i++) {
            nights.append(i == 0 ? "" : ",")
                    .append("{\"night\":\"")
                    .append(b.checkIn().plusDays(i))
                    .append("\",\"priceMinor\":")
                    .append(b.prices().get(i))
                    .append('}');
            total += b.prices().get(i) * b.quantity();
        }
        String booking = "{\"bookingId\":\"" + b.id() + "\",\"hotelId\":\"" + b.hotelId() + "\",\"roomTypeId\":\""
                + b.roomTypeId() + "\",\"checkIn\":\"" + b.checkIn() + "\",\"checkOut\":\"" + b.checkOut()
                + "\",\"quantity\":" + b.quantity() + ",\"nights\":[" + nights + "],\"totalMinor\":" + total
                + ",\"currency\":\"EUR\",\"status\":\"" + status + "\",\"requestId\":\"r-" + b.id()
                + "\",\"createdAt\":\"" + b.bookedAt() + "\",\"updatedAt\":\"" + updatedAt + "\"}";
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO analytics.reservation_events"
                        + " (event_id, hotel_id, occurred_at, payload)"
                        + " VALUES (?, ?, (?::timestamptz AT TIME ZONE 'UTC'), ?::jsonb)")) {
            s.setString(1, "e-" + ++events);
            s.setString(2, b.hotelId());
            s.setString(3, updatedAt.toString());
            s.setString(4, "{\"" + EVENT_OF_STATUS.get(status) + "\":{\"booking\":" + booking + "}}");
            s.executeUpdate();
        }
    }
}
