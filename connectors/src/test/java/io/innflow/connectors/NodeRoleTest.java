package io.innflow.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.innflow.connectors.catalog.DemoCatalog;
import io.innflow.connectors.catalog.NodeRole;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** The node's role can do what the partner and admin API do, and nothing an owner does. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NodeRoleTest {

    /** PostgreSQL's SQLSTATE for "permission denied". */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @TempDir
    static Path dir;

    private EmbeddedPostgres postgres;

    @BeforeAll
    void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir).start();
        CatalogMigrations.migrate(postgres.getPostgresDatabase());
        DemoCatalog.seed(postgres.getPostgresDatabase(), LocalDate.of(2027, 1, 1), 1, 2);
        NodeRole.setPassword(postgres.getPostgresDatabase(), "node-pa'ss");
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private Connection asNode() throws SQLException {
        PGSimpleDataSource node = new PGSimpleDataSource();
        node.setServerNames(new String[] {"localhost"});
        node.setPortNumbers(new int[] {postgres.getPort()});
        node.setDatabaseName("postgres");
        node.setUser(NodeRole.NAME);
        node.setPassword("node-pa'ss");
        return node.getConnection();
    }

    @Test
    void shouldBeNeitherSuperuserNorAbleToCreateDatabases() throws SQLException {
        try (Connection c = asNode();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user"
                                + " AND current_user = '" + NodeRole.NAME + "'")) {
            assertThat(rs.next()).as("connected as %s", NodeRole.NAME).isTrue();
            assertThat(rs.getBoolean(1)).isFalse();
            assertThat(rs.getBoolean(2)).isFalse();
            assertThat(rs.getBoolean(3)).isFalse();
        }
    }

    @Test
    void shouldWriteTheCatalogAndAppendToTheAuditLog() throws SQLException {
        try (Connection c = asNode();
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO hotels (hotel_id, name, city, partner_id) VALUES ('role-1', 'R', 'Bangkok', 'p')");
            st.execute("UPDATE hotels SET name = 'R2' WHERE hotel_id = 'role-1'");
            st.execute("INSERT INTO room_types (hotel_id, room_type_id, code, name, capacity, total_rooms,"
                    + " base_price_minor) VALUES ('role-1', 'std', 'STD', 'Standard', 2, 5, 100000)");
            st.execute("INSERT INTO room_nights (hotel_id, room_type_id, night, allotment, price_minor)"
                    + " VALUES ('role-1', 'std', '2027-01-01', 5, 100000)");
            st.execute("INSERT INTO audit_log (actor_role, actor, action, hotel_id) VALUES ('PARTNER', 'p',"
                    + " 'test', 'role-1')");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM audit_log WHERE hotel_id = 'role-1'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldNotDropOrAlterATable() {
        assertDenied("DROP TABLE room_nights");
        assertDenied("ALTER TABLE hotels ADD COLUMN x int");
        assertDenied("TRUNCATE audit_log");
    }

    @Test
    void shouldNotRewriteOrDeleteTheAuditTrail() {
        assertDenied("UPDATE audit_log SET actor = 'someone else'");
        assertDenied("DELETE FROM audit_log");
    }

    private void assertDenied(String sql) {
        assertThatThrownBy(() -> {
                    try (Connection c = asNode();
                            Statement st = c.createStatement()) {
                        st.execute(sql);
                    }
                })
                .as(sql)
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(INSUFFICIENT_PRIVILEGE));
    }
}
