package io.innflow.connectors.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog database (PostgreSQL, the source of truth of the catalog) as the partner and admin API
 * use it: every write is one transaction, retried when PostgreSQL reports a serialisation failure or
 * a deadlock, and database errors become {@link CatalogException}s (a constraint a request broke is
 * the caller's fault; an unreachable database is {@link CatalogException.Unavailable}).
 */
public final class CatalogDatabase implements AutoCloseable {

    /** Connections in the pool of one node; partner writes are few and short. */
    public static final int POOL_SIZE = 8;

    private static final Logger LOG = LoggerFactory.getLogger(CatalogDatabase.class);
    private static final int ATTEMPTS = 3;

    private final DataSource dataSource;
    private final AutoCloseable owned;

    private CatalogDatabase(DataSource dataSource, AutoCloseable owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    /**
     * A pooled connection to the catalog database. The pool connects lazily, so a node whose database
     * is down still starts and serves guests; partner calls fail as unavailable until the database is
     * back.
     */
    public static CatalogDatabase connect(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("innflow-catalog");
        config.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        HikariDataSource pool = new HikariDataSource(config);
        return new CatalogDatabase(pool, pool);
    }

    /** A database the caller owns and closes (tests). */
    public static CatalogDatabase of(DataSource dataSource) {
        return new CatalogDatabase(Objects.requireNonNull(dataSource, "dataSource"), null);
    }

    /** Work done with one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in one transaction and commits it; rolls back on any failure. */
    public <T> T inTransaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = connection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollback(c);
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (retryable(e) && attempt < ATTEMPTS) {
                    LOG.info("Catalog transaction retried after {} (attempt {})", e.getSQLState(), attempt);
                    continue;
                }
                throw translate(e);
            }
        }
    }

    /** Runs read-only {@code work} on one connection, outside a transaction. */
    public <T> T read(Work<T> work) {
        try (Connection c = connection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("Rollback failed: {}", e.getMessage());
        }
    }

    private static boolean retryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    /** A database error as the caller should see it. */
    static RuntimeException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || e instanceof SQLTransientConnectionException) {
            LOG.warn("Catalog database unreachable: {}", e.getMessage());
            return new CatalogException.Unavailable("The catalog database is not reachable right now", e);
        }
        return switch (state) {
            case "23505" -> new CatalogException.Conflict("CONFLICT", "That already exists: " + firstLine(e));
            case "23514", "23503", "23502", "22003", "22007", "22008" ->
                new CatalogException.RuleViolated(
                        CatalogException.RuleViolated.CONSTRAINT_VIOLATED,
                        "The change breaks a rule of the catalog: " + firstLine(e));
            default -> new IllegalStateException("Catalog database error " + state + ": " + e.getMessage(), e);
        };
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).replaceFirst("^ERROR: ", "");
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("Closing the catalog pool failed", e);
            }
        }
    }
}
