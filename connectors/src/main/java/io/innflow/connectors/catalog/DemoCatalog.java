package io.innflow.connectors.catalog;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

// Over 250 lines because it holds its data (45 hotel names in three cities); the code is about 250.
/**
 * The demo catalog for the embedded run: hotels in Bangkok ({@code bkk-001}...), Phuket ({@code
 * hkt-001}...) and Chiang Mai ({@code cnx-001}...), all in THB and Asia/Bangkok, each with two or
 * three room types ({@code std}, {@code dlx}, {@code ste}) and one row per night per room type.
 *
 * <p>The data is deterministic: the same arguments always produce the same rows, and a hotel's rows
 * depend only on its id, so a catalog of N hotels is the first hotels of any larger one. Prices are
 * in satang (minor units of THB) and vary by weekday and season. Catalogs of thousands of hotels (for
 * benchmarks) are written with batched inserts and {@code COPY}, streamed, in seconds.
 */
public final class DemoCatalog {

    /** Hotels per city in the default demo catalog (3 cities, so 36 hotels). */
    public static final int HOTELS_PER_CITY = 12;

    /** Hotels in the default demo catalog. */
    public static final int HOTELS = 3 * HOTELS_PER_CITY;

    /** Nights per room type in the full demo catalog. */
    public static final int NIGHTS = 365;

    /** The partner that owns every demo hotel, so the partner API can be tried on them. */
    public static final String PARTNER = "demo-partner";

    /**
     * What {@link #seed} did.
     *
     * @param seeded false when the catalog already had hotels and nothing was written
     */
    public record Summary(boolean seeded, int hotels, int roomTypes, int roomNights) {}

    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

    private record City(
            String prefix,
            String name,
            int minStdPriceThb,
            int maxStdPriceThb,
            List<String> hotelNames,
            double latitude,
            double longitude,
            String postcode,
            List<String> streets) {}

    private static final List<City> CITIES = List.of(
            new City(
                    "bkk",
                    "Bangkok",
                    1400,
                    3200,
                    List.of(
                            "Chao Phraya Riverside Hotel",
                            "Sukhumvit Garden Residence",
                            "Silom Lotus Hotel",
                            "Sathorn Skyline Suites",
                            "Ratchada Orchid Inn",
                            "Old Town Rattanakosin Boutique",
                            "Ari Courtyard Hotel",
                            "Thonglor Urban Stay",
                            "Siam Square Central Hotel",
                            "Lumphini Park View",
                            "Phra Athit Heritage House",
                            "Ekkamai Bamboo Hotel",
                            "Yaowarat Lantern Hotel",
                            "Riverside Teak Pavilion",
                            "Rama IX Business Hotel"),
                    13.7466,
                    100.5393,
                    "10110",
                    List.of("Sukhumvit Road", "Silom Road", "Sathorn Road", "Charoen Krung Road", "Phaya Thai Road")),
            new City(
                    "hkt",
                    "Phuket",
                    1800,
                    4200,
                    List.of(
                            "Patong Beach Resort",
                            "Kata Sunset Villas",
                            "Karon Palm Beach Hotel",
                            "Kamala Bay Retreat",
                            "Old Phuket Town Sino Inn",
                            "Rawai Seaside Lodge",
                            "Nai Harn Lagoon Resort",
                            "Bang Tao Coral Hotel",
                            "Surin Sands Resort",
                            "Mai Khao Turtle Beach Hotel",
                            "Chalong Harbour Hotel",
                            "Panwa Cape Resort",
                            "Nai Yang Pines Hotel",
                            "Kalim Cliffside Villas",
                            "Ao Yon Bay Lodge"),
                    7.8804,
                    98.3923,
                    "83000",
                    List.of("Thaweewong Road", "Patak Road", "Thepkasattri Road", "Rat-U-Thit Road", "Chao Fa Road")),
            new City(
                    "cnx",
                    "Chiang Mai",
                    900,
                    2400,
                    List.of(
                            "Nimman Lanna Boutique",
                            "Old City Tha Phae Gate Hotel",
                            "Doi Suthep View Lodge",
                            "Ping River Teak House",
                            "Night Bazaar Central Hotel",
                            "Wat Chedi Luang Heritage Inn",
                            "Santitham Garden Hotel",
                            "Chang Klan Residence",
                            "Hang Dong Rice Field Resort",
                            "Mae Rim Valley Retreat",
                            "San Kamphaeng Craft Hotel",
                            "Wualai Silver Street Inn",
                            "Huay Kaew Forest Lodge",
                            "Suan Dok Temple View",
                            "Chiang Mai Gate Guesthouse"),
                    18.7883,
                    98.9853,
                    "50200",
                    List.of("Nimmanhaemin Road", "Tha Phae Road", "Chang Klan Road", "Huay Kaew Road", "Wualai Road")));

    private record RoomTypeSpec(
            String id,
            String name,
            int capacity,
            int minRooms,
            int maxRooms,
            double priceFactor,
            String bedType,
            int minSizeM2,
            int maxSizeM2,
            String description) {}

    private static final RoomTypeSpec STANDARD = new RoomTypeSpec(
            "std", "Standard Double", 2, 15, 40, 1.0, "double", 22, 30, "A quiet double room with a work desk.");
    private static final RoomTypeSpec DELUXE = new RoomTypeSpec(
            "dlx", "Deluxe Triple", 3, 8, 25, 1.6, "queen", 32, 42, "A queen bed and a single, with a seating corner.");
    private static final RoomTypeSpec SUITE = new RoomTypeSpec(
            "ste",
            "Family Suite",
            4,
            5,
            12,
            2.8,
            "king",
            48,
            65,
            "A king bedroom and a living room with a sofa bed, for families.");

    private record Hotel(String id, String name, String city, HotelContentRow content) {}

    private record RoomType(
            String hotelId, RoomTypeSpec spec, int totalRooms, long basePriceMinor, RoomTypeContentRow content) {}

    private static final List<String> HIGHLIGHTS = List.of(
            "a rooftop terrace",
            "a shaded garden",
            "a riverside deck",
            "a lobby café",
            "a saltwater pool",
            "bicycles to borrow");

    private DemoCatalog() {}

    /** Seeds the default demo catalog (36 hotels, 365 nights from {@code firstNight}) if the catalog is empty. */
    public static Summary seed(DataSource dataSource, LocalDate firstNight) {
        return seedHotels(dataSource, firstNight, HOTELS, NIGHTS);
    }

    /**
     * Seeds {@code hotelsPerCity} hotels in each of the three cities: {@link #seedHotels} with three
     * times as many hotels.
     */
    public static Summary seed(DataSource dataSource, LocalDate firstNight, int hotelsPerCity, int nights) {
        if (hotelsPerCity < 1) {
            throw new IllegalArgumentException("hotelsPerCity must be positive: " + hotelsPerCity);
        }
        return seedHotels(dataSource, firstNight, Math.multiplyExact(3, hotelsPerCity), nights);
    }

    /**
     * Seeds {@code hotels} hotels spread evenly over the three cities (the first cities take the
     * remainder), with {@code nights} nights per room type starting at {@code firstNight}, in one
     * transaction, only if the hotels table is empty. Concurrent callers are serialised by a table
     * lock, so at most one of them seeds.
     */
    public static Summary seedHotels(DataSource dataSource, LocalDate firstNight, int hotels, int nights) {
        return write(dataSource, firstNight, hotels, nights, true);
    }

    /**
     * Adds the hotels of a {@code hotels}-hotel demo catalog that the catalog lacks (by id), with their
     * room types and nights, in one transaction, whatever else the catalog holds: to grow a running
     * catalog, as a benchmark of how cost grows with its size does. {@code firstNight} should be the
     * one the catalog was seeded with, so that every hotel has the same nights.
     */
    public static Summary addMissingHotels(DataSource dataSource, LocalDate firstNight, int hotels, int nights) {
        return write(dataSource, firstNight, hotels, nights, false);
    }

    /** The ids of a {@code hotels}-hotel demo catalog, city by city. */
    public static List<String> hotelIds(int hotels) {
        return layout(hotels).stream().map(HotelSlot::id).toList();
    }

    private static Summary write(
            DataSource dataSource, LocalDate firstNight, int hotels, int nights, boolean onlyIntoEmpty) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(firstNight, "firstNight");
        if (hotels < 1) {
            throw new IllegalArgumentException("hotels must be positive: " + hotels);
        }
        if (nights < 1) {
            throw new IllegalArgumentException("nights must be positive: " + nights);
        }
        long started = System.nanoTime();
        try (Connection conn = dataSource.getConnection()) {
            boolean autoCommit = conn.getAutoCommit();
            conn.setAutoCommit(false);
            try {
                Summary summary = writeInTransaction(conn, firstNight, hotels, nights, onlyIntoEmpty);
                conn.commit();
                if (summary.seeded()) {
                    log.info(
                            "seeded demo catalog: {} hotels, {} room types, {} room nights from {} in {} ms",
                            summary.hotels(),
                            summary.roomTypes(),
                            summary.roomNights(),
                            firstNight,
                            (System.nanoTime() - started) / 1_000_000);
                } else {
                    log.info("catalog already has hotels; demo catalog not seeded");
                }
                return summary;
            } catch (SQLException | RuntimeException e) {
                conn.rollback();
                throw e;
            } finally {
                conn.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("seeding the demo catalog failed: " + e.getMessage(), e);
        }
    }

    private static Summary writeInTransaction(
            Connection conn, LocalDate firstNight, int hotelCount, int nights, boolean onlyIntoEmpty)
            throws SQLException {
        Set<String> existing = new HashSet<>();
        try (Statement st = conn.createStatement()) {
            // Blocks a concurrent seeder until we commit; it then sees our rows and does nothing.
            st.execute("LOCK TABLE hotels IN SHARE ROW EXCLUSIVE MODE");
            if (onlyIntoEmpty) {
                try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM hotels)")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return new Summary(false, 0, 0, 0);
                    }
                }
            } else {
                try (ResultSet rs = st.executeQuery("SELECT hotel_id FROM hotels")) {
                    while (rs.next()) {
                        existing.add(rs.getString(1));
                    }
                }
            }
        }
        List<Hotel> hotels = new ArrayList<>();
        List<RoomType> roomTypes = new ArrayList<>();
        for (HotelSlot slot : layout(hotelCount)) {
            if (existing.contains(slot.id())) {
                continue;
            }
            Hotel hotel = hotel(slot);
            hotels.add(hotel);
            roomTypes.addAll(roomTypesOf(hotel, slot.city()));
        }
        if (hotels.isEmpty()) {
            return new Summary(false, 0, 0, 0);
        }
        insertHotels(conn, hotels);
        insertRoomTypes(conn, roomTypes);
        int roomNights = insertRoomNights(conn, roomTypes, firstNight, nights);
        return new Summary(true, hotels.size(), roomTypes.size(), roomNights);
    }

    /** A hotel's place in the catalog: its city and its number there (from 1). */
    private record HotelSlot(City city, int number) {
        String id() {
            return String.format(Locale.ROOT, "%s-%03d", city.prefix(), number);
        }
    }

    /** {@code hotels} hotels spread evenly over the cities, city by city; the first cities take the remainder. */
    private static List<HotelSlot> layout(int hotels) {
        List<HotelSlot> slots = new ArrayList<>(hotels);
        for (int c = 0; c < CITIES.size(); c++) {
            int inCity = hotels / CITIES.size() + (c < hotels % CITIES.size() ? 1 : 0);
            for (int i = 1; i <= inCity; i++) {
                slots.add(new HotelSlot(CITIES.get(c), i));
            }
        }
        return slots;
    }

    private static Hotel hotel(HotelSlot slot) {
        String name = hotelName(slot.city(), slot.number());
        return new Hotel(slot.id(), name, slot.city().name(), hotelContent(slot.id(), name, slot.city()));
    }

    /** The city's names in order, then the same names again with a branch number: "Silom Lotus Hotel 2". */
    private static String hotelName(City city, int number) {
        List<String> names = city.hotelNames();
        String base = names.get((number - 1) % names.size());
        int round = (number - 1) / names.size();
        return round == 0 ? base : base + " " + (round + 1);
    }

    private static List<RoomType> roomTypesOf(Hotel hotel, City city) {
        Random random = new Random(hotel.id().hashCode());
        long stdPriceThb = city.minStdPriceThb() + random.nextInt(city.maxStdPriceThb() - city.minStdPriceThb() + 1);
        List<RoomTypeSpec> specs =
                random.nextInt(3) == 0 ? List.of(STANDARD, DELUXE) : List.of(STANDARD, DELUXE, SUITE);
        List<RoomType> result = new ArrayList<>();
        for (RoomTypeSpec spec : specs) {
            int rooms = spec.minRooms() + random.nextInt(spec.maxRooms() - spec.minRooms() + 1);
            result.add(new RoomType(
                    hotel.id(),
                    spec,
                    rooms,
                    roundToTenBaht(stdPriceThb * 100 * spec.priceFactor()),
                    roomTypeContent(hotel.id(), spec)));
        }
        return result;
    }

    /** The content of every demo hotel, by id (the full catalog's hotels). */
    static java.util.Map<String, HotelContentRow> hotelContents() {
        java.util.Map<String, HotelContentRow> out = new java.util.TreeMap<>();
        for (HotelSlot slot : layout(HOTELS)) {
            out.put(slot.id(), hotel(slot).content());
        }
        return out;
    }

    /** The content of a demo hotel: deterministic per id, varied between hotels. */
    private static HotelContentRow hotelContent(String hotelId, String name, City city) {
        Random random = new Random(("content-" + hotelId).hashCode());
        List<String> amenities = new ArrayList<>(List.of("wifi", "air_conditioning"));
        for (String amenity : ContentVocabulary.HOTEL_AMENITIES) {
            if (!amenities.contains(amenity) && random.nextInt(100) < 40) {
                amenities.add(amenity);
            }
        }
        amenities.sort(null);
        int stars = 2 + random.nextInt(4);
        boolean freeCancellation = random.nextInt(3) != 0;
        String street = city.streets().get(random.nextInt(city.streets().size()));
        List<HotelContentRow.PhotoRow> photos = new ArrayList<>();
        String[] views = {"exterior", "lobby", "pool", "room", "breakfast", "view"};
        int count = 2 + random.nextInt(4);
        for (int p = 0; p < count; p++) {
            photos.add(new HotelContentRow.PhotoRow(
                    "https://img.innflow.example/demo/" + hotelId + "/" + views[p] + ".jpg", name + ": " + views[p]));
        }
        return new HotelContentRow(
                name + " is a " + stars + "-star hotel in " + city.name() + " with "
                        + HIGHLIGHTS.get(random.nextInt(HIGHLIGHTS.size())) + ", a short walk from "
                        + street + ".",
                stars,
                (1 + random.nextInt(400)) + " " + street + ", " + city.name() + " " + city.postcode(),
                // Within about 4 km of the city centre, rounded like a map pin.
                Math.round((city.latitude() + (random.nextDouble() - 0.5) * 0.07) * 1e5) / 1e5,
                Math.round((city.longitude() + (random.nextDouble() - 0.5) * 0.07) * 1e5) / 1e5,
                List.copyOf(amenities),
                List.copyOf(photos),
                random.nextBoolean() ? "14:00" : "15:00",
                random.nextBoolean() ? "11:00" : "12:00",
                freeCancellation
                        ? "Free cancellation until 24 hours before arrival; after that the first night is charged."
                        : "Non-refundable: the stay is charged in full when booked.",
                freeCancellation);
    }

    /** The content of a demo room type: deterministic per hotel and type. */
    private static RoomTypeContentRow roomTypeContent(String hotelId, RoomTypeSpec spec) {
        Random random = new Random(("content-" + hotelId + "-" + spec.id()).hashCode());
        List<String> amenities = new ArrayList<>(List.of("air_conditioning", "non_smoking", "tv", "wifi"));
        for (String amenity : List.of("minibar", "safe", "kettle", "desk", "balcony", "bathtub")) {
            if (random.nextBoolean()) {
                amenities.add(amenity);
            }
        }
        amenities.sort(null);
        return new RoomTypeContentRow(
                spec.description(),
                spec.bedType(),
                spec.minSizeM2() + random.nextInt(spec.maxSizeM2() - spec.minSizeM2() + 1),
                List.copyOf(amenities),
                List.of(new HotelContentRow.PhotoRow(
                        "https://img.innflow.example/demo/" + hotelId + "/" + spec.id() + ".jpg", spec.name())));
    }

    private static final int BATCH = 1000;

    /** Hotels with their content in one batched insert (one change event per hotel, not an insert and an update). */
    private static void insertHotels(Connection conn, List<Hotel> hotels) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO hotels (hotel_id, name, city, currency,"
                + " time_zone, status, partner_id, description, star_rating, address, latitude, longitude, amenities,"
                + " photos, check_in_time, check_out_time, cancellation_policy, free_cancellation)"
                + " VALUES (?, ?, ?, 'THB', 'Asia/Bangkok', 'APPROVED', ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)")) {
            int rows = 0;
            for (Hotel h : hotels) {
                HotelContentRow c = h.content();
                ps.setString(1, h.id());
                ps.setString(2, h.name());
                ps.setString(3, h.city());
                ps.setString(4, PARTNER);
                ps.setString(5, c.description());
                ps.setObject(6, c.starRating(), Types.SMALLINT);
                ps.setString(7, c.address());
                ps.setObject(8, c.latitude(), Types.DOUBLE);
                ps.setObject(9, c.longitude(), Types.DOUBLE);
                ps.setArray(10, conn.createArrayOf("text", c.amenities().toArray()));
                ps.setString(11, Contents.json(c.photos()));
                ps.setString(12, c.checkInTime());
                ps.setString(13, c.checkOutTime());
                ps.setString(14, c.cancellationPolicy());
                ps.setBoolean(15, c.freeCancellation());
                ps.addBatch();
                if (++rows % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    private static void insertRoomTypes(Connection conn, List<RoomType> roomTypes) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO room_types (hotel_id, room_type_id, code,"
                + " name, capacity, total_rooms, base_price_minor, overbooking_allowance, active, description, bed_type,"
                + " size_m2, amenities, photos) VALUES (?, ?, ?, ?, ?, ?, ?, 0, true, ?, ?, ?, ?, ?::jsonb)")) {
            int rows = 0;
            for (RoomType rt : roomTypes) {
                RoomTypeContentRow c = rt.content();
                ps.setString(1, rt.hotelId());
                ps.setString(2, rt.spec().id());
                ps.setString(3, rt.spec().id().toUpperCase(Locale.ROOT));
                ps.setString(4, rt.spec().name());
                ps.setInt(5, rt.spec().capacity());
                ps.setInt(6, rt.totalRooms());
                ps.setLong(7, rt.basePriceMinor());
                ps.setString(8, c.description());
                ps.setString(9, c.bedType());
                ps.setObject(10, c.sizeM2(), Types.INTEGER);
                ps.setArray(11, conn.createArrayOf("text", c.amenities().toArray()));
                ps.setString(12, Contents.json(c.photos()));
                ps.addBatch();
                if (++rows % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
        }
    }

    /** One row per night per room type: {@code COPY}, streamed in chunks so that millions of rows need little memory. */
    private static int insertRoomNights(Connection conn, List<RoomType> roomTypes, LocalDate firstNight, int nights)
            throws SQLException {
        if (conn.isWrapperFor(PGConnection.class)) {
            CopyIn copy = conn.unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY room_nights (hotel_id, room_type_id, night, allotment, price_minor) FROM STDIN (FORMAT csv)");
            try {
                StringBuilder csv = new StringBuilder(1 << 20);
                for (RoomType rt : roomTypes) {
                    for (int n = 0; n < nights; n++) {
                        LocalDate night = firstNight.plusDays(n);
                        csv.append(rt.hotelId())
                                .append(',')
                                .append(rt.spec().id())
                                .append(',')
                                .append(night)
                                .append(',')
                                .append(rt.totalRooms())
                                .append(',')
                                .append(nightPrice(rt.basePriceMinor(), night))
                                .append('\n');
                    }
                    if (csv.length() > (1 << 20) - 100_000) {
                        flush(copy, csv);
                    }
                }
                flush(copy, csv);
                return Math.toIntExact(copy.endCopy());
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO room_nights (hotel_id, room_type_id, night, allotment, price_minor) VALUES (?, ?, ?, ?, ?)")) {
            int rows = 0;
            for (RoomType rt : roomTypes) {
                for (int n = 0; n < nights; n++) {
                    LocalDate night = firstNight.plusDays(n);
                    ps.setString(1, rt.hotelId());
                    ps.setString(2, rt.spec().id());
                    ps.setObject(3, night);
                    ps.setInt(4, rt.totalRooms());
                    ps.setLong(5, nightPrice(rt.basePriceMinor(), night));
                    ps.addBatch();
                    if (++rows % BATCH == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
            return rows;
        }
    }

    private static void flush(CopyIn copy, StringBuilder csv) throws SQLException {
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        csv.setLength(0);
    }

    /** The price of one night: weekend nights (Friday, Saturday) and Thailand's seasons move the base price. */
    static long nightPrice(long basePriceMinor, LocalDate night) {
        double factor = 1.0;
        if (night.getDayOfWeek() == DayOfWeek.FRIDAY || night.getDayOfWeek() == DayOfWeek.SATURDAY) {
            factor *= 1.2;
        }
        factor *= seasonFactor(MonthDay.from(night));
        return roundToTenBaht(basePriceMinor * factor);
    }

    private static double seasonFactor(MonthDay day) {
        if (!day.isBefore(MonthDay.of(12, 20)) || day.isBefore(MonthDay.of(1, 6))) {
            return 1.5; // Christmas and New Year peak
        }
        if (!day.isBefore(MonthDay.of(4, 12)) && !day.isAfter(MonthDay.of(4, 16))) {
            return 1.3; // Songkran
        }
        return switch (day.getMonth()) {
            case NOVEMBER, DECEMBER, JANUARY, FEBRUARY, MARCH -> 1.25; // cool, dry high season
            case MAY, JUNE, JULY, AUGUST, SEPTEMBER, OCTOBER -> 0.85; // green season
            default -> 1.0;
        };
    }

    private static long roundToTenBaht(double minor) {
        return Math.round(minor / 1000.0) * 1000L;
    }
}
