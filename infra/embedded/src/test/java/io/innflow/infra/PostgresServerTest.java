package io.innflow.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresServerTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnExternalServerWithoutLogicalDecoding() throws Exception {
        // Given: a server with PostgreSQL's default wal_level (replica)
        try (EmbeddedPostgres plain =
                EmbeddedPostgres.builder().setDataDirectory(dir).start()) {
            String url = plain.getJdbcUrl("postgres", "postgres").replace("?user=postgres", "");

            // When / Then
            assertThatThrownBy(
                            () -> PostgresServer.external(url, "postgres", "").start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("wal_level=replica")
                    .hasMessageContaining("wal_level=logical");
        }
    }

    @Test
    void shouldExposeTheCoordinatesOfAnExternalServerFromItsUrl() {
        // Given: an embedded server, then the same server seen as external
        try (PostgresServer embedded = PostgresServer.embedded(dir, 0).start()) {
            String url = "jdbc:postgresql://127.0.0.1:" + embedded.port() + "/" + PostgresServer.DATABASE;

            // When
            try (PostgresServer external =
                    PostgresServer.external(url, "postgres", "postgres").start()) {
                // Then
                assertThat(external.isEmbedded()).isFalse();
                assertThat(external.host()).isEqualTo("127.0.0.1");
                assertThat(external.port()).isEqualTo(embedded.port());
                assertThat(external.database()).isEqualTo("innflow");
                assertThat(external.connectorValues()).containsEntry("postgres.port", String.valueOf(embedded.port()));
            }
        }
    }

    @Test
    void shouldRunTheEmbeddedServerDurably() throws Exception {
        // Given: the embedded server that holds the partners' catalog and the audit log
        try (PostgresServer embedded = PostgresServer.embedded(dir, 0).start();
                Connection c = embedded.dataSource().getConnection();
                Statement st = c.createStatement()) {
            // Then: a committed write survives a crash of the machine
            assertThat(setting(st, "fsync")).isEqualTo("on");
            assertThat(setting(st, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(st, "full_page_writes")).isEqualTo("on");
        }
    }

    private static String setting(Statement st, String name) throws Exception {
        try (ResultSet rs = st.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void shouldRejectSomethingThatIsNotAPostgresUrl() {
        assertThatThrownBy(() -> PostgresServer.external("jdbc:mysql://h/db", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:mysql://h/db");
    }
}
