package io.innflow.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.innflow.connectors.CatalogMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
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

/** Seeding the demo catalog on a real PostgreSQL: the default 36 hotels, and a larger catalog grown from them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DemoCatalogSeedTest {

    private static final LocalDate FIRST = LocalDate.of(2027, 1, 1);

    @TempDir
    static Path dir;

    private EmbeddedPostgres postgres;
    private DataSource db;

    @BeforeAll
    void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir).start();
        db = postgres.getPostgresDatabase();
        CatalogMigrations.migrate(db);
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void shouldSeedTheDefaultCatalogThenGrowItWithoutTouchingItsHotels() throws SQLException {
        DemoCatalog.Summary seeded = DemoCatalog.seed(db, FIRST);

        assertThat(seeded.seeded()).isTrue();
        assertThat(seeded.hotels()).isEqualTo(36);
        assertThat(strings("SELECT hotel_id FROM hotels ORDER BY hotel_id"))
                .containsExactlyElementsOf(expectedDefaultIds());
        assertThat(strings("SELECT name FROM hotels WHERE hotel_id = 'bkk-001'"))
                .containsExactly("Chao Phraya Riverside Hotel");
        // Content is written with the hotel: stars, amenities and photos as the partner API writes them.
        assertThat(strings("SELECT count(*) FROM hotels WHERE star_rating IS NULL OR photos = '[]'::jsonb"
                        + " OR cardinality(amenities) = 0 OR status <> 'APPROVED'"))
                .containsExactly("0");
        assertThat(strings("SELECT count(*) FROM room_types WHERE bed_type IS NULL OR size_m2 IS NULL"))
                .containsExactly("0");
        assertThat(count("room_nights")).isEqualTo(seeded.roomNights()).isEqualTo(seeded.roomTypes() * 365L);
        assertThat(DemoCatalog.seedHotels(db, FIRST, 100, 365).seeded())
                .as("only an empty catalog is seeded")
                .isFalse();
        List<String> before = strings("SELECT hotel_id || ':' || room_type_id || ':' || total_rooms || ':'"
                + " || base_price_minor FROM room_types ORDER BY 1");

        DemoCatalog.Summary grown = DemoCatalog.addMissingHotels(db, FIRST, 50, 365);

        assertThat(grown.hotels()).isEqualTo(14);
        assertThat(strings("SELECT city || '=' || count(*) FROM hotels GROUP BY city ORDER BY city"))
                .containsExactly("Bangkok=17", "Chiang Mai=16", "Phuket=17");
        assertThat(strings("SELECT name FROM hotels WHERE hotel_id = 'bkk-017'"))
                .containsExactly("Sukhumvit Garden Residence 2");
        assertThat(count("room_nights")).isEqualTo((seeded.roomTypes() + grown.roomTypes()) * 365L);
        assertThat(strings("SELECT hotel_id || ':' || room_type_id || ':' || total_rooms || ':' || base_price_minor"
                        + " FROM room_types WHERE hotel_id IN (" + quoted(expectedDefaultIds()) + ") ORDER BY 1"))
                .as("the first 36 hotels are those of the default catalog, unchanged")
                .containsExactlyElementsOf(before);
        assertThat(DemoCatalog.addMissingHotels(db, FIRST, 50, 365).seeded())
                .as("nothing is missing the second time")
                .isFalse();
    }

    @Test
    void shouldSpreadHotelsOverTheThreeCities() {
        assertThat(DemoCatalog.hotelIds(36)).hasSize(36).startsWith("bkk-001").contains("hkt-012", "cnx-012");
        assertThat(DemoCatalog.hotelIds(1000))
                .hasSize(1000)
                .doesNotHaveDuplicates()
                .contains("bkk-334", "hkt-333", "cnx-333")
                .doesNotContain("hkt-334");
        assertThat(DemoCatalog.hotelIds(3)).containsExactly("bkk-001", "hkt-001", "cnx-001");
    }

    private static List<String> expectedDefaultIds() {
        List<String> ids = new ArrayList<>();
        for (String city : List.of("bkk", "cnx", "hkt")) {
            for (int i = 1; i <= 12; i++) {
                ids.add(String.format("%s-%03d", city, i));
            }
        }
        return ids;
    }

    private static String quoted(List<String> ids) {
        return String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
    }

    private long count(String table) throws SQLException {
        return Long.parseLong(strings("SELECT count(*) FROM " + table).get(0));
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}
