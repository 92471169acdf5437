package io.innflow.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.connectors.catalog.DemoCatalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The catalog migrations on a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CatalogMigrationsTest {

    @TempDir
    static Path dir;

    private EmbeddedPostgres postgres;
    private DataSource db;
    private DemoCatalog.Summary demo;

    @BeforeAll
    void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir).start();
        db = postgres.getPostgresDatabase();
        CatalogMigrations.migrate(db);
        demo = DemoCatalog.seed(db, LocalDate.of(2027, 1, 1), 1, 2);
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void shouldApplyNothingTheSecondTime() {
        assertThat(CatalogMigrations.migrate(db)).isZero();
    }

    @Test
    void shouldCreateAHotelPendingUntilAnAdminApprovesIt() throws SQLException {
        execute("INSERT INTO hotels (hotel_id, name, city, partner_id) VALUES ('mig-1', 'Test', 'Bangkok', 'p-1')");

        assertThat(query("SELECT status || '/' || partner_id FROM hotels WHERE hotel_id = 'mig-1'"))
                .isEqualTo("PENDING/p-1");
    }

    @Test
    void shouldSeedContentForEveryDemoHotelAndRoomType() throws SQLException {
        assertThat(query("SELECT count(*) FROM hotels WHERE star_rating IS NULL OR latitude IS NULL"
                        + " OR cardinality(amenities) = 0 OR jsonb_array_length(photos) = 0"))
                .isEqualTo("0");
        assertThat(query("SELECT count(*) FROM room_types WHERE bed_type IS NULL OR size_m2 IS NULL"))
                .isEqualTo("0");
    }

    @Test
    void shouldRefuseContentOutsideItsRules() {
        assertThatThrownBy(() -> execute("UPDATE hotels SET star_rating = 6"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("hotels_star_rating_ck");
        assertThatThrownBy(() -> execute("UPDATE hotels SET check_in_time = '25:00'"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("hotels_check_in_ck");
        assertThatThrownBy(() -> execute("UPDATE hotels SET latitude = NULL"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("hotels_coordinates_ck");
    }

    @Test
    void shouldKeepTheAuditLogAppendOnly() throws SQLException {
        execute("INSERT INTO audit_log (actor_role, actor, action, hotel_id, summary)"
                + " VALUES ('ADMIN', 'root', 'hotel.approve', 'x', '{\"after\": {\"status\": \"APPROVED\"}}')");

        assertThatThrownBy(() -> execute("UPDATE audit_log SET actor = 'someone else'"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> execute("DELETE FROM audit_log"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(query("SELECT summary->'after'->>'status' FROM audit_log WHERE action = 'hotel.approve'"))
                .isEqualTo("APPROVED");
    }

    @Test
    void shouldRejectAnUnknownActorRole() {
        assertThatThrownBy(() -> execute(
                        "INSERT INTO audit_log (actor_role, actor, action) VALUES ('GUEST', 'g', 'hotel.approve')"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("audit_log_role_ck");
    }

    @Test
    void shouldGiveTheDemoHotelsToTheDemoPartner() throws SQLException {
        assertThat(demo.seeded()).isTrue();
        assertThat(query("SELECT string_agg(DISTINCT partner_id || ':' || status, ',') FROM hotels"
                        + " WHERE hotel_id IN ('bkk-001', 'hkt-001', 'cnx-001')"))
                .isEqualTo(DemoCatalog.PARTNER + ":APPROVED");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = db.getConnection();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
