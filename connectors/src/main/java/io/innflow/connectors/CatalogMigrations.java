package io.innflow.connectors;

import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the catalog schema ({@code classpath:db/migration}) with Flyway. Safe to call on every start. */
public final class CatalogMigrations {

    /** Where the catalog's migrations live on the classpath. */
    public static final String LOCATION = "classpath:db/migration";

    private static final Logger log = LoggerFactory.getLogger(CatalogMigrations.class);

    private CatalogMigrations() {}

    /**
     * Migrates the database behind {@code dataSource} to the latest catalog schema.
     *
     * @return the number of migrations applied by this call (0 when already up to date)
     */
    public static int migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        log.info(
                "catalog schema at version {} ({} migration(s) applied)",
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
        return result.migrationsExecuted;
    }

    /** Same as {@link #migrate(DataSource)}, for a PostgreSQL JDBC URL. */
    public static int migrate(String jdbcUrl, String user, String password) {
        return migrate(dataSource(jdbcUrl, user, password));
    }

    /** A plain (unpooled) PostgreSQL data source; enough for migrations and seeding. */
    public static DataSource dataSource(String jdbcUrl, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }
}
